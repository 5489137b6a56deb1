package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.testkit.BootJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spring-boot mode: the jar holds the dependencies, and the runtime class path Maven resolved goes
 * along only to name them in the SBOM. A dependency without a jar file (a reactor module built to
 * its classes) is left out rather than failing the build; test and pom dependencies are not named.
 */
class ProjectArtifactsCollectorBootTest {
  @TempDir Path temp;

  private static Artifact artifact(String artifactId, String scope, String type, Path file) {
    DefaultArtifactHandler handler = new DefaultArtifactHandler(type);
    handler.setAddedToClasspath(!type.equals("pom"));
    DefaultArtifact artifact =
        new DefaultArtifact("org.example", artifactId, "1.0", scope, type, null, handler);
    if (file != null) {
      artifact.setFile(file.toFile());
    }
    return artifact;
  }

  @Test
  void springBootMode_namesTheResolvedRuntimeJars_forTheSbomOnly() throws Exception {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId("app");
    model.setVersion("2.0");
    MavenProject project = new MavenProject(model);
    Path jar = BootJars.layered().write(temp.resolve("app-2.0.jar"));
    project.setArtifact(artifact("app", null, "jar", jar));
    Path core = Files.writeString(temp.resolve("core-1.0.jar"), "core");
    Path driver = Files.writeString(temp.resolve("driver-1.0.jar"), "driver");
    Set<Artifact> resolved = new LinkedHashSet<>();
    resolved.add(artifact("core", "compile", "jar", core));
    resolved.add(artifact("driver", "runtime", "jar", driver));
    resolved.add(artifact("module", "compile", "jar", temp)); // a directory: classes only
    resolved.add(artifact("junit", "test", "jar", core));
    resolved.add(artifact("bom", "compile", "pom", core));
    project.setArtifacts(resolved);

    ProjectArtifacts artifacts =
        ProjectArtifactsCollector.collect(project, "spring-boot", null).artifacts();

    assertEquals(jar, artifacts.springBootJar());
    assertEquals(List.of(), artifacts.libraries(), "nothing placed in /app/libs");
    assertEquals(
        List.of(
            new ProjectArtifacts.Library(
                core,
                "core-1.0.jar",
                false,
                new MavenCoordinates("org.example", "core", "1.0", null, "jar")),
            new ProjectArtifacts.Library(
                driver,
                "driver-1.0.jar",
                false,
                new MavenCoordinates("org.example", "driver", "1.0", null, "jar"))),
        artifacts.bootLibraries());
  }
}
