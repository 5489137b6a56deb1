package dev.imagesmith.maven;

import dev.imagesmith.plan.ProjectArtifacts;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.project.MavenProject;

/**
 * What the POM says about the project itself, beyond the plugin's configuration: its artifacts for
 * the built-in stage {@code project}, its jar's {@code Main-Class} and its image labels.
 *
 * @param jarMainClass the packaged jar's {@code Main-Class}, {@code null} if none or not packaged
 * @param pomLabels {@code org.opencontainers.image.*} labels from the POM (without {@code created},
 *     which comes from the build timestamp); empty when {@code <pomLabels>} is off
 * @param createdLabel whether to add {@code org.opencontainers.image.created}
 */
record ProjectModel(
    ProjectArtifacts artifacts,
    String jarMainClass,
    Map<String, String> pomLabels,
    boolean createdLabel) {

  ProjectModel {
    pomLabels = Map.copyOf(pomLabels);
  }

  /**
   * The project's artifacts and labels, read from the resolved project.
   *
   * @param projectMode {@code <projectMode>}: {@code classes}, {@code jar} or {@code war}
   * @param appRoot {@code <container><appRoot>}, or {@code null}
   * @param pomLabels whether the image gets the POM's labels
   */
  static ProjectModel read(
      MavenProject project,
      Properties userProperties,
      String projectMode,
      String appRoot,
      boolean pomLabels) {
    ProjectArtifactsCollector.Collected collected =
        ProjectArtifactsCollector.collect(
            project, projectMode == null ? "" : projectMode.trim(), appRoot);
    return new ProjectModel(
        collected.artifacts(),
        collected.jarMainClass(),
        pomLabels ? PomLabels.of(project, userProperties) : Map.of(),
        pomLabels);
  }

  /** No project information at all: no artifacts, no labels. */
  static ProjectModel none() {
    return new ProjectModel(ProjectArtifacts.none(), null, Map.of(), false);
  }
}
