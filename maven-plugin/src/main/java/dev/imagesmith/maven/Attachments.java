package dev.imagesmith.maven;

import dev.imagesmith.build.BuildResult;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** What {@code image:build} attaches to the project, so that install and deploy publish it. */
final class Attachments {
  private Attachments() {}

  /**
   * Attaches {@code digest} and {@code image.json} under {@code classifier}; nothing when it is
   * empty.
   */
  static void attach(
      MavenProjectHelper helper,
      MavenProject project,
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
}
