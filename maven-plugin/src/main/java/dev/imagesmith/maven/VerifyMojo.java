package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.verify.ImageDifference;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Proves the image is reproducible: builds it again from scratch, with the same configuration, in
 * its own work and output directories under {@code target/} and with no cache (no stage, layer or
 * output is reused; downloads, Debian files and base blobs still come from the content-addressed
 * user cache, checked by their digests), and compares the digest with {@code target/image/digest}.
 * A difference fails the build, naming the first layer that differs and its first entries that
 * differ and how: {@code /install/bin/stamp: content differs}.
 *
 * <p>Bind it next to {@code build} in one execution ({@code <goal>verify</goal>}); it runs in the
 * {@code verify} phase, after {@code build} wrote the digest in {@code package}.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "verify",
    defaultPhase = LifecyclePhase.VERIFY,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    configurator = "imagesmith")
public class VerifyMojo extends BuildMojo {
  /** Below {@code ${project.build.directory}}: one directory per execution for the rebuild. */
  static final String VERIFY_DIRECTORY = "imagesmith-verify";

  @Inject
  public VerifyMojo(MavenProjectHelper projectHelper, SettingsDecrypter settingsDecrypter) {
    super(projectHelper, settingsDecrypter);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped()) {
      getLog().info("Skipping the image verification (image.skip is true)");
      return;
    }
    translatingFailures(
        () -> {
          MavenBuildLog log = new MavenBuildLog(getLog());
          BuildPlan plan = plan();
          Digest built = readDigest(plan.outputDirectory().resolve("digest"));
          String execution = plan.workDirectory().getFileName().toString();
          Path work = plan.workDirectory().resolveSibling(execution + ".verify");
          Path output = plan.buildDirectory().resolve(VERIFY_DIRECTORY).resolve(execution);
          log.info("Verifying " + built + ": building the image again, from scratch, no cache");
          BuildResult again =
              new ImageBuilder(
                      log, registryOptions(plan.to().image(), plan.offline(), log), debianMirror())
                  .build(plan.rebuiltInto(work, output));
          if (again.digest().equals(built)) {
            log.info("Reproducible: the rebuild gave the same image " + built);
            return;
          }
          List<String> how = difference(plan, built, output, again.digest());
          throw new UserInputException(
              "The image is not reproducible: the build gave "
                  + built
                  + ", a rebuild from scratch gave "
                  + again.digest()
                  + " ("
                  + output
                  + ").\n"
                  + String.join("\n", how)
                  + "\nMake the step that writes this deterministic (no dates, random names or"
                  + " host details in files), or see the reproducibility page of the site");
        });
  }

  /**
   * How the rebuild differs: for a multi-platform image, in the first platform whose image differs
   * (each platform's outputs are in its own directory).
   */
  private static List<String> difference(BuildPlan plan, Digest built, Path output, Digest again)
      throws java.io.IOException {
    for (String platform : plan.multiPlatform() ? plan.platforms() : List.<String>of()) {
      String name = BuildPlan.platformDirectory(platform);
      Path first = plan.outputDirectory().resolve(name);
      Digest one = readDigest(first.resolve("digest"));
      Digest other = readDigest(output.resolve(name).resolve("digest"));
      if (!one.equals(other)) {
        List<String> how = new java.util.ArrayList<>();
        how.add("The image for " + platform + " differs: " + one + " and " + other + ".");
        how.addAll(
            ImageDifference.between(
                first.resolve("oci"),
                one,
                output.resolve(name).resolve("oci"),
                other,
                Platform.parse(platform, "<platforms>")));
        return how;
      }
    }
    return ImageDifference.between(
        plan.outputDirectory().resolve("oci"),
        built,
        output.resolve("oci"),
        again,
        Platform.parse(plan.platform(), "<platform>"));
  }

  /**
   * A digest file image:build wrote. Read as a file inside the output, never through a link: a link
   * planted in {@code target/} (a restored CI cache) would otherwise have the error message quote
   * the start of whatever file it names.
   */
  static Digest readDigest(Path file) throws java.io.IOException {
    return DigestFile.read(
        file,
        "image:verify",
        "image:verify compares a rebuild with what image:build wrote; run build first (bind both"
            + " goals in one execution, mvn verify runs them in order)");
  }
}
