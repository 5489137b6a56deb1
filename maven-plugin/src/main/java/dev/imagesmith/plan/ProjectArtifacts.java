package dev.imagesmith.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * What the built-in stage {@code project} holds: the Maven project's runtime dependencies and its
 * own classes and resources (or its packaged jar, its exploded WAR, or its Spring Boot executable
 * jar), as host files the Maven side resolved. The engine places them under {@code /app} (a WAR
 * under its application root), one layer per part (see {@code dev.imagesmith.project.ProjectPart}).
 *
 * @param libraries runtime dependencies, each with the unique file name it gets in {@code
 *     /app/libs}
 * @param classesDirectory {@code target/classes}: {@code .class} files go to {@code /app/classes},
 *     every other file to {@code /app/resources}; {@code null} when the project has none (or in
 *     packaged mode)
 * @param packagedJar the project's jar, placed in {@code /app/libs} in the classes layer; {@code
 *     null} unless the packaged mode is chosen
 * @param explodedWar the exploded web application ({@code target/<finalName>} of a WAR project),
 *     placed whole under {@code appRoot}; {@code null} unless the war mode is chosen, and then the
 *     other sources are empty
 * @param springBootJar a Spring Boot executable jar, its files placed under {@link #APP} one layer
 *     per Boot layer, as {@code java -Djarmode=tools -jar app.jar extract --layers --launcher} lays
 *     them out; {@code null} unless the spring-boot mode is chosen, and then the other sources are
 *     empty
 * @param appRoot where the stage's files go: {@link #APP}, or a WAR's application root
 * @param project the project's own coordinates (its classes, jar or WAR are this artifact), for the
 *     SBOM; {@code null} when unknown
 * @param bootLibraries a Spring Boot project's runtime dependencies as Maven resolved them: placed
 *     nowhere (the jar's {@code BOOT-INF/lib} holds them), only named, so that the SBOM gives each
 *     {@code BOOT-INF/lib} jar whose bytes are one of these files its Maven identity; empty in the
 *     other modes
 */
public record ProjectArtifacts(
    List<Library> libraries,
    Path classesDirectory,
    Path packagedJar,
    Path explodedWar,
    Path springBootJar,
    String appRoot,
    MavenCoordinates project,
    List<Library> bootLibraries) {
  /** The name of the built-in stage; no {@code <stage>} may take it. */
  public static final String STAGE = "project";

  /** Where the stage's files live in the image; the default entrypoint's class path names them. */
  public static final String APP = "/app";

  public static final String LIBS = APP + "/libs";
  public static final String RESOURCES = APP + "/resources";
  public static final String CLASSES = APP + "/classes";

  /** The class path of the default Java entrypoint: resources first, as Maven's own is ordered. */
  public static final String CLASS_PATH = RESOURCES + ":" + CLASSES + ":" + LIBS + "/*";

  /**
   * Where a WAR goes when {@code <appRoot>} is not set: the application root that the official
   * {@code jetty} image deploys at {@code /}, Jib's default too.
   */
  public static final String DEFAULT_WEB_APP_ROOT = "/var/lib/jetty/webapps/ROOT";

  public ProjectArtifacts {
    libraries = List.copyOf(libraries);
    bootLibraries = bootLibraries == null ? List.of() : List.copyOf(bootLibraries);
  }

  /** A jar project's stage, under {@link #APP}. */
  public ProjectArtifacts(
      List<Library> libraries, Path classesDirectory, Path packagedJar, MavenCoordinates project) {
    this(libraries, classesDirectory, packagedJar, null, null, APP, project, List.of());
  }

  /** A jar project's stage whose own coordinates are not known. */
  public ProjectArtifacts(List<Library> libraries, Path classesDirectory, Path packagedJar) {
    this(libraries, classesDirectory, packagedJar, null);
  }

  /** A WAR project's stage whose own coordinates are not known. */
  public static ProjectArtifacts war(Path explodedWar, String appRoot) {
    return war(explodedWar, appRoot, null);
  }

  /** A WAR project's stage: the exploded web application under {@code appRoot}. */
  public static ProjectArtifacts war(Path explodedWar, String appRoot, MavenCoordinates project) {
    return new ProjectArtifacts(
        List.of(), null, null, explodedWar, null, appRoot, project, List.of());
  }

  /**
   * A Spring Boot project's stage: the executable jar's files under {@link #APP}, run by the jar's
   * launcher on the class path {@link #APP} (see {@link #classPath()}).
   */
  public static ProjectArtifacts springBoot(Path jar, MavenCoordinates project) {
    return springBoot(jar, project, List.of());
  }

  /** As {@link #springBoot(Path, MavenCoordinates)}, with the dependencies Maven resolved. */
  public static ProjectArtifacts springBoot(
      Path jar, MavenCoordinates project, List<Library> bootLibraries) {
    return new ProjectArtifacts(List.of(), null, null, null, jar, APP, project, bootLibraries);
  }

  /**
   * The class path of the default Java entrypoint: {@link #CLASS_PATH}, or for a Spring Boot jar
   * {@link #APP}, where its launcher finds {@code BOOT-INF/classes} and {@code BOOT-INF/lib}.
   */
  public String classPath() {
    return springBootJar != null ? APP : CLASS_PATH;
  }

  /** Nothing: a project without dependencies, classes or jar (for example packaging pom). */
  public static ProjectArtifacts none() {
    return new ProjectArtifacts(List.of(), null, null);
  }

  /**
   * A runtime dependency.
   *
   * @param file the resolved jar in the local repository (or a reactor module's output)
   * @param fileName its name in {@code /app/libs}, unique among the libraries
   * @param snapshot whether its version is a SNAPSHOT: such jars change between builds and go to
   *     their own layer, so that a release dependency layer stays cached
   * @param coordinates what Maven resolved, for the SBOM; {@code null} when unknown
   */
  public record Library(
      Path file, String fileName, boolean snapshot, MavenCoordinates coordinates) {
    /** A library whose coordinates are not known. */
    public Library(Path file, String fileName, boolean snapshot) {
      this(file, fileName, snapshot, null);
    }
  }
}
