package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.LockUpkeep;
import dev.imagesmith.plan.BuildPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** What {@code image:build} does with a finished build: attach its files, tidy the lock file. */
final class AfterBuild {
  static final String PLUGIN_KEY = "dev.imagesmith:image-maven-plugin";

  private AfterBuild() {}

  /** File in {@code target/image} and the type it is attached as. */
  private static final List<String[]> ATTACHED =
      List.of(
          new String[] {"digest", "digest"},
          new String[] {"image.json", "json"},
          new String[] {"sbom.cdx.json", "cdx.json"},
          new String[] {"provenance.json", "intoto.json"});

  /**
   * Attaches what the build wrote, so that {@code install} and {@code deploy} publish it with the
   * jar: the digest ({@code digest}), image.json ({@code json}), the SBOM ({@code cdx.json}) and
   * the provenance ({@code intoto.json}), all under one classifier; an empty classifier attaches
   * nothing.
   */
  static void attach(
      MavenProject project,
      MavenProjectHelper helper,
      String classifier,
      BuildResult result,
      Log log) {
    if (classifier == null || classifier.isBlank()) {
      return;
    }
    List<String> types = new ArrayList<>();
    for (String[] file : ATTACHED) {
      Path path = result.outputDirectory().resolve(file[0]);
      // The SBOM and the provenance can be turned off; digest and image.json are always there.
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        helper.attachArtifact(project, file[1], classifier.trim(), path.toFile());
        types.add(file[1]);
      }
    }
    log.info(
        "Attached "
            + String.join(", ", types)
            + " as "
            + project.getArtifactId()
            + "-"
            + project.getVersion()
            + "-"
            + classifier.trim()
            + ".{"
            + String.join(",", types)
            + "}");
  }

  /**
   * Drops the sections of {@code image-debian.lock} that no {@code debian} step asks for any more,
   * when this execution is the project's only {@code image:build}: the steps of another execution
   * share the file, and their sections are not this build's to judge.
   */
  static void tidyDebianLock(
      MavenProject project, MojoExecution execution, BuildPlan plan, BuildLog log)
      throws IOException {
    if (otherBuildExecutions(project, execution)) {
      log.debug(
          "image-debian.lock: kept every section (another image:build execution shares the file)");
      return;
    }
    LockUpkeep.dropUnusedDebianSections(plan, plan.basedir().resolve(Debian.LOCK_FILE), log);
  }

  /** Whether the project binds {@code image:build} in an execution other than {@code execution}. */
  static boolean otherBuildExecutions(MavenProject project, MojoExecution execution) {
    String current = execution == null ? null : execution.getExecutionId();
    for (Plugin plugin : project.getBuildPlugins()) {
      if (!plugin.getKey().equals(PLUGIN_KEY)) {
        continue;
      }
      for (PluginExecution bound : plugin.getExecutions()) {
        if (bound.getGoals().contains("build") && !bound.getId().equals(current)) {
          return true;
        }
      }
    }
    return false;
  }
}
