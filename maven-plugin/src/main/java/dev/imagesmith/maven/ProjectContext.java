package dev.imagesmith.maven;

import java.nio.file.Path;

/**
 * What a build needs from Maven and the environment that is not the plugin's configuration.
 *
 * @param basedir the project directory ({@code ${project.basedir}})
 * @param buildDirectory {@code ${project.build.directory}}, usually {@code target}
 * @param executionId the Mojo execution's id; each execution gets its own work directory
 * @param sourceDateEpoch the {@code SOURCE_DATE_EPOCH} environment variable, {@code null} if unset
 */
record ProjectContext(
    Path basedir,
    Path buildDirectory,
    String artifactId,
    String version,
    String executionId,
    boolean offline,
    String sourceDateEpoch) {}
