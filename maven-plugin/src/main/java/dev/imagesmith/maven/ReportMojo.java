package dev.imagesmith.maven;

import dev.imagesmith.io.LogText;
import dev.imagesmith.store.AtomicFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * Puts the image report ({@code report.html}, written by {@code image:build}) into the project site
 * as the page {@code image-report.html}, listed under "Project Reports" as "Container image". The
 * page is the build's self-contained report unchanged (sizes, layer chart, largest files, wasted
 * bytes, library check, budget), so it is an external report: Doxia renders nothing.
 *
 * <p>The site lifecycle does not build the image: run {@code mvn package site}. Without a report
 * (the image was not built, or {@code image.skip}), the site leaves the page out and says why.
 *
 * <pre>{@code
 * <reporting>
 *   <plugins>
 *     <plugin>
 *       <groupId>dev.imagesmith</groupId>
 *       <artifactId>image-maven-plugin</artifactId>
 *       <reportSets><reportSet><reports><report>report</report></reports></reportSet></reportSets>
 *     </plugin>
 *   </plugins>
 * </reporting>
 * }</pre>
 *
 * @since 0.1.0
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.SITE, threadSafe = true)
public class ReportMojo extends AbstractMojo implements MavenReport {
  static final String OUTPUT_NAME = "image-report";

  /**
   * Where {@code image:build} wrote the image and its {@code report.html}; the same as its {@code
   * outputDirectory}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.outputDirectory", defaultValue = "${project.build.directory}/image")
  private File outputDirectory;

  /** The site's output directory; the site plugin sets it for the reports it renders. */
  @Parameter(defaultValue = "${project.reporting.outputDirectory}", readonly = true)
  private File reportOutputDirectory;

  /** Run as a goal ({@code mvn image:report}): copies the page into the site directory. */
  @Override
  public void execute() throws MojoExecutionException {
    try {
      if (!canGenerateReport()) {
        return;
      }
      copy();
    } catch (MavenReportException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  @Override
  public void generate(Sink sink, Locale locale) throws MavenReportException {
    copy(); // external report: the sink stays empty, the page is our own file
  }

  private void copy() throws MavenReportException {
    Path source = report();
    Path target = reportOutputDirectory.toPath().resolve(OUTPUT_NAME + ".html");
    try {
      AtomicFile.to(target).mode(0644).durable().fill(temp -> Files.copy(source, temp));
    } catch (IOException e) {
      throw new MavenReportException("Could not copy " + source + " to " + target + ": " + e, e);
    }
    getLog().info(LogText.escape("Image report " + target));
  }

  private Path report() {
    return outputDirectory.toPath().resolve("report.html");
  }

  @Override
  public boolean canGenerateReport() {
    if (Files.isRegularFile(report())) {
      return true;
    }
    getLog()
        .warn(
            "No image report at "
                + LogText.escape(report().toString())
                + ": the site leaves the page out. Build the image in the same run:"
                + " mvn package site");
    return false;
  }

  @Override
  public String getOutputName() {
    return OUTPUT_NAME;
  }

  @Override
  public String getCategoryName() {
    return CATEGORY_PROJECT_REPORTS;
  }

  @Override
  public String getName(Locale locale) {
    return "Container image";
  }

  @Override
  public String getDescription(Locale locale) {
    return "Where the image's bytes went: sizes per stage, layer and file, wasted bytes, and the"
        + " shared-library and budget checks.";
  }

  @Override
  public void setReportOutputDirectory(File directory) {
    this.reportOutputDirectory = directory;
  }

  @Override
  public File getReportOutputDirectory() {
    return reportOutputDirectory;
  }

  @Override
  public boolean isExternalReport() {
    return true;
  }
}
