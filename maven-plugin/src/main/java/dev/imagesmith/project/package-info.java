/**
 * The built-in stage {@code project}: the Maven project's runtime dependencies, resources and
 * classes (or its packaged jar) placed under {@code /app}, or a WAR project's exploded web
 * application under its application root ({@code ExplodedWar}), one sandbox per part so that each
 * part becomes its own layer, ordered from least to most often changed.
 *
 * <p>May import {@code plan}, {@code fs}, {@code io} and {@code error}; never Maven (the Maven side
 * hands over {@link dev.imagesmith.plan.ProjectArtifacts}, plain host paths).
 */
package dev.imagesmith.project;
