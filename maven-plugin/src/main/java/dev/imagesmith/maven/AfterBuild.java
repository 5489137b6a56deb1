package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.LockUpkeep;
import dev.imagesmith.plan.BuildPlan;
import java.io.IOException;
import java.nio.file.Path;
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

  /** Attaches digest and image.json, so that install and deploy publish them with the jar. */
  static void attach(
      MavenProject project,
      MavenProjectHelper helper,
      String classifier,
      BuildResult result,
      Log log) {
    if (classifier == null || classifier.isBlank()) {
      return;
    }
    Path output = result.outputDirectory();
    helper.attachArtifact(project, "digest", classifier.trim(), output.resolve("digest").toFile());
    helper.attachArtifact(
        project, "json", classifier.trim(), output.resolve("image.json").toFile());
    log.info(
        "Attached digest and image.json as "
            + project.getArtifactId()
            + "-"
            + project.getVersion()
            + "-"
            + classifier.trim()
            + ".{digest,json}");
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
