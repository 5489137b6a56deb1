package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Reads what the built-in stage {@code project} holds from a resolved {@link MavenProject}: its
 * runtime class path (compile and runtime scope, as {@code requiresDependencyResolution = RUNTIME}
 * resolved it) and its classes directory or packaged jar; or, in war mode, the exploded WAR (whose
 * {@code WEB-INF/lib} already holds that class path).
 */
final class ProjectArtifactsCollector {
  static final String MODE_CLASSES = "classes";
  static final String MODE_JAR = "jar";
  static final String MODE_WAR = "war";
  static final String MODE_SPRING_BOOT = "spring-boot";
  private static final String MODE = XmlPath.root("projectMode") + " (property image.projectMode)";
  private static final String APP_ROOT = XmlPath.child(XmlPath.root("container"), "appRoot");
  private static final String WAR_PLUGIN = "org.apache.maven.plugins:maven-war-plugin";

  private ProjectArtifactsCollector() {}

  /** The artifacts, and the jar's {@code Main-Class} in jar mode ({@code null} otherwise). */
  record Collected(ProjectArtifacts artifacts, String jarMainClass) {}

  /**
   * @param mode {@code classes}, {@code jar} or {@code war}, as configured
   * @param appRoot {@code <container><appRoot>}, {@code null} if not set; war mode only
   * @throws UserInputException when the mode or the application root is wrong, or a dependency, the
   *     jar or the exploded WAR does not exist yet
   */
  static Collected collect(MavenProject project, String mode, String appRoot) {
    if (!mode.equals(MODE_CLASSES)
        && !mode.equals(MODE_JAR)
        && !mode.equals(MODE_WAR)
        && !mode.equals(MODE_SPRING_BOOT)) {
      throw new UserInputException(
          MODE
              + " '"
              + mode
              + "' is not a project mode: use classes (target/classes), jar (the packaged jar)"
              + ", war (the exploded WAR, for a servlet container base image) or spring-boot (the"
              + " executable jar of spring-boot-maven-plugin, exploded layer by layer)");
    }
    if (MODE_WAR.equals(mode)) {
      return new Collected(war(project, appRoot), null);
    }
    if (appRoot != null) {
      throw new UserInputException(
          APP_ROOT
              + " places a WAR, but "
              + MODE
              + " is "
              + mode
              + ": the stage project of a jar goes to /app, where the default entrypoint's class"
              + " path names it. Remove <appRoot>, or use <projectMode>war</projectMode>");
    }
    if (MODE_SPRING_BOOT.equals(mode)) {
      // The jar holds the dependencies; the engine reads it as untrusted. Here only its manifest.
      Path jar = packagedJar(project, mode, "spring-boot-maven-plugin's repackage goal");
      Manifest manifest = manifestOf(jar);
      if (attribute(manifest, "Spring-Boot-Classes") == null
          && attribute(manifest, "Spring-Boot-Lib") == null) {
        throw new UserInputException(
            MODE
                + " is spring-boot, but "
                + jar
                + " is not a Spring Boot executable jar (its manifest has no Spring-Boot-Classes):"
                + " add spring-boot-maven-plugin with its repackage goal before image:build in"
                + " the package phase, or use <projectMode>jar</projectMode>");
      }
      return new Collected(
          ProjectArtifacts.springBoot(jar, coordinates(project), namedLibraries(project)),
          attribute(manifest, "Main-Class"));
    }
    List<ProjectArtifacts.Library> libraries = libraries(project);
    if (MODE_JAR.equals(mode)) {
      Path jar = packagedJar(project, mode, "the jar plugin");
      return new Collected(
          new ProjectArtifacts(libraries, null, jar, coordinates(project)),
          attribute(manifestOf(jar), "Main-Class"));
    }
    String output = project.getBuild().getOutputDirectory();
    return new Collected(
        new ProjectArtifacts(
            libraries, output == null ? null : Path.of(output), null, coordinates(project)),
        null);
  }

  /** The exploded WAR that maven-war-plugin assembled, under the application root. */
  private static ProjectArtifacts war(MavenProject project, String appRoot) {
    String root = ProjectArtifacts.DEFAULT_WEB_APP_ROOT;
    if (appRoot != null) {
      Problems problems = new Problems();
      root =
          problems.selectedPath(
              appRoot, APP_ROOT, "<appRoot>/usr/local/tomcat/webapps/ROOT</appRoot>");
      if ("/".equals(root)) {
        problems.add(
            APP_ROOT
                + " is the image's root: name the directory the servlet container deploys, for"
                + " example <appRoot>/usr/local/tomcat/webapps/ROOT</appRoot>");
      }
      problems.throwIfAny();
    }
    Path exploded = webappDirectory(project);
    if (!Files.isDirectory(exploded)) {
      throw new UserInputException(
          MODE
              + " is war, but there is no exploded WAR at "
              + exploded
              + " yet: build a war project and bind image:build to the package phase (after"
              + " maven-war-plugin, which assembles that directory) or later");
    }
    return ProjectArtifacts.war(exploded, root, warCoordinates(project));
  }

  /**
   * maven-war-plugin's {@code <webappDirectory>} (the POM's interpolated value), else its default
   * {@code ${project.build.directory}/${project.build.finalName}} (the super POM's finalName,
   * {@code artifactId-version}, where a project model lacks one).
   */
  private static Path webappDirectory(MavenProject project) {
    Path basedir = project.getBasedir().toPath();
    Plugin war = project.getBuild().getPluginsAsMap().get(WAR_PLUGIN);
    if (war != null && war.getConfiguration() instanceof Xpp3Dom configuration) {
      Xpp3Dom directory = configuration.getChild("webappDirectory");
      if (directory != null && directory.getValue() != null && !directory.getValue().isBlank()) {
        return basedir.resolve(directory.getValue().trim()).normalize();
      }
    }
    String finalName = project.getBuild().getFinalName();
    return basedir
        .resolve(project.getBuild().getDirectory())
        .resolve(
            finalName != null ? finalName : project.getArtifactId() + "-" + project.getVersion())
        .normalize();
  }

  /**
   * The runtime dependencies of a Spring Boot project, for the SBOM only: its jar holds them, so
   * one Maven has no jar file of (a reactor module built only to its classes) is left out, not
   * refused.
   */
  private static List<ProjectArtifacts.Library> namedLibraries(MavenProject project) {
    List<ProjectArtifacts.Library> named = new ArrayList<>();
    for (Artifact artifact : runtimeArtifacts(project)) {
      File file = artifact.getFile();
      if (file != null && file.isFile()) {
        named.add(library(artifact, shortName(artifact)));
      }
    }
    return named;
  }

  /** Compile and runtime scope, on a class path (no pom or zip dependency). */
  private static List<Artifact> runtimeArtifacts(MavenProject project) {
    List<Artifact> runtime = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (artifact.getArtifactHandler() != null
          && !artifact.getArtifactHandler().isAddedToClasspath()) {
        continue; // a pom or zip dependency is on no class path
      }
      String scope = artifact.getScope();
      if (scope != null && !scope.equals("compile") && !scope.equals("runtime")) {
        continue;
      }
      runtime.add(artifact);
    }
    return runtime;
  }

  private static List<ProjectArtifacts.Library> libraries(MavenProject project) {
    List<Artifact> runtime = runtimeArtifacts(project);
    for (Artifact artifact : runtime) {
      File file = artifact.getFile();
      if (file == null || !file.isFile()) {
        throw new UserInputException(
            "The dependency "
                + artifact
                + " is "
                + (file == null ? "not resolved" : "the directory " + file + ", not a jar")
                + ": the image's /app/libs holds jars. Build the reactor up to the package phase"
                + " (mvn package), so that each module's jar exists before image:build runs");
      }
    }
    // A short name where it is unique; groupId-prefixed where two artifacts share it.
    Map<String, Integer> uses = new HashMap<>();
    runtime.forEach(artifact -> uses.merge(shortName(artifact), 1, Integer::sum));
    List<ProjectArtifacts.Library> libraries = new ArrayList<>();
    for (Artifact artifact : runtime) {
      String name = shortName(artifact);
      if (uses.get(name) > 1) {
        name = artifact.getGroupId() + "-" + name;
      }
      libraries.add(library(artifact, name));
    }
    return libraries;
  }

  private static ProjectArtifacts.Library library(Artifact artifact, String fileName) {
    return new ProjectArtifacts.Library(
        artifact.getFile().toPath(), fileName, artifact.isSnapshot(), coordinates(artifact));
  }

  /**
   * {@code artifactId-baseVersion[-classifier].extension}: the base version, so that a timestamped
   * snapshot ({@code 1.0-20260101.120000-3}) keeps one name from build to build.
   */
  static String shortName(Artifact artifact) {
    String extension =
        artifact.getArtifactHandler() == null
            ? "jar"
            : artifact.getArtifactHandler().getExtension();
    String classifier = artifact.getClassifier();
    return artifact.getArtifactId()
        + "-"
        + artifact.getBaseVersion()
        + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier)
        + "."
        + (extension == null || extension.isEmpty() ? "jar" : extension.toLowerCase(Locale.ROOT));
  }

  /** What the SBOM names the artifact by: the exact version (a snapshot's timestamped one). */
  private static MavenCoordinates coordinates(Artifact artifact) {
    String extension =
        artifact.getArtifactHandler() == null ? null : artifact.getArtifactHandler().getExtension();
    return new MavenCoordinates(
        artifact.getGroupId(),
        artifact.getArtifactId(),
        artifact.getVersion(),
        artifact.getClassifier(),
        extension);
  }

  /** A WAR project itself, as its own artifact. */
  private static MavenCoordinates warCoordinates(MavenProject project) {
    return new MavenCoordinates(
        project.getGroupId(), project.getArtifactId(), project.getVersion(), null, "war");
  }

  /** The project itself, as its own artifact. */
  private static MavenCoordinates coordinates(MavenProject project) {
    return new MavenCoordinates(
        project.getGroupId(), project.getArtifactId(), project.getVersion(), null, "jar");
  }

  private static Path packagedJar(MavenProject project, String mode, String madeBy) {
    File jar = project.getArtifact() == null ? null : project.getArtifact().getFile();
    if (jar == null || !jar.isFile()) {
      throw new UserInputException(
          MODE
              + " is "
              + mode
              + ", but "
              + project.getArtifactId()
              + " has no packaged jar yet: bind image:build to the package phase (after "
              + madeBy
              + ") or later, or use <projectMode>classes</projectMode>");
    }
    return jar.toPath();
  }

  /** A main attribute of the manifest, trimmed; {@code null} when absent or blank. */
  private static String attribute(Manifest manifest, String name) {
    String value = manifest == null ? null : manifest.getMainAttributes().getValue(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Manifest manifestOf(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest();
    } catch (IOException e) {
      throw new UserInputException(
          "The project's jar " + jar + " cannot be read as a jar (" + e.getMessage() + ")", e);
    }
  }
}
