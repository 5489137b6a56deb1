/**
 * The built-in stage {@code project}: the Maven project's runtime dependencies, resources and
 * classes (or its packaged jar) placed under {@code /app}, a WAR project's exploded web application
 * under its application root ({@code ExplodedWar}), or a Spring Boot executable jar exploded under
 * {@code /app} layer by layer of its {@code layers.idx} ({@code SpringBootJar}, read as untrusted
 * like any archive), one sandbox per part so that each part becomes its own layer, ordered from
 * least to most often changed.
 *
 * <p>May import {@code plan}, {@code fs}, {@code fs.archive} (the hardened zip reader, for a Spring
 * Boot jar), {@code io} and {@code error}; never Maven (the Maven side hands over {@link
 * dev.imagesmith.plan.ProjectArtifacts}, plain host paths).
 */
package dev.imagesmith.project;
