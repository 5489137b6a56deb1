package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.SupplyChainSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every harness test of {@code image:build} shares: a real {@link MavenProject} (the harness's
 * default is a mock without a build section) rooted at the test's {@code @Basedir}, and the
 * harness's session given the JVM's system properties, as Maven's own session has them, so that
 * defaults like {@code ${user.home}} resolve. Subclasses carry {@code @MojoTest}.
 */
abstract class HarnessTestBase {
  static final String TIMESTAMP = "2026-01-01T00:00:00Z";

  /** A test POM up to the plugin's {@code <configuration>}, for {@code @InjectMojo(pom = ...)}. */
  static final String POM_HEAD =
      "<project><build><plugins><plugin><artifactId>image-maven-plugin</artifactId>"
          + "<configuration>";

  /** A test POM from the end of the plugin's {@code <configuration>}. */
  static final String POM_TAIL = "</configuration></plugin></plugins></build></project>";

  /**
   * A test POM up to the inside of a stage named {@code builder}, on {@code scratch}: its {@code
   * <steps>} (or {@code <isolation>} first) follow.
   */
  static final String BUILDER_HEAD =
      POM_HEAD + "<from>scratch</from><stages><stage><name>builder</name>";

  /** A test POM from the end of the builder's {@code <steps>}: the whole stage is the one layer. */
  static final String BUILDER_TAIL =
      "</steps></stage></stages><layers><layer><stage>builder</stage><path>/</path></layer>"
          + "</layers>"
          + POM_TAIL;

  /** The one error the plan of {@code mojo} fails with: the user's mistake, worded. */
  static String mistake(BuildMojo mojo) {
    return assertThrows(UserInputException.class, mojo::plan).getMessage();
  }

  @Inject MavenSession session;

  @BeforeEach
  void seedSession() {
    session.getSystemProperties().putAll(System.getProperties());
  }

  @Provides
  MavenProject project() {
    MavenProject project = new MavenProject();
    project.setGroupId("org.example");
    project.setArtifactId(artifactId());
    project.setVersion("1.0-SNAPSHOT");
    project.setFile(new File(MojoExtension.getBasedir(), "pom.xml"));
    project.getBuild().setDirectory(new File(MojoExtension.getBasedir(), "target").getPath());
    if (outputTimestamp() != null) {
      project.getProperties().setProperty("project.build.outputTimestamp", outputTimestamp());
    }
    customize(project);
    return project;
  }

  /**
   * Points {@code mojo}'s cache and output at {@code dir} ({@code cache/}, {@code out/}), attaches
   * nothing and logs to {@code log}: a build that leaves the user's cache and the test project
   * alone.
   */
  static void writingInto(BuildMojo mojo, Path dir, Log log) throws IllegalAccessException {
    MojoExtension.setVariableValueToObject(mojo, "cacheDirectory", dir.resolve("cache").toFile());
    MojoExtension.setVariableValueToObject(mojo, "outputDirectory", dir.resolve("out").toFile());
    MojoExtension.setVariableValueToObject(mojo, "classifier", "");
    mojo.setLog(log);
  }

  /** Adds what a test's project needs beyond the defaults (SCM, licenses, properties, ...). */
  void customize(MavenProject project) {}

  /**
   * The labels every harness project gets from its POM ({@code title} is the artifactId, as the
   * test projects have no {@code <name>}), with {@code user}'s labels over them.
   */
  Map<String, String> pomLabels(Map<String, String> user) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("org.opencontainers.image.title", artifactId());
    labels.put("org.opencontainers.image.version", "1.0-SNAPSHOT");
    labels.put("org.opencontainers.image.created", TIMESTAMP);
    labels.putAll(user);
    return labels;
  }

  /** What the plan holds of the harness project: its coordinates, no classes or dependencies. */
  ProjectArtifacts harnessArtifacts() {
    return new ProjectArtifacts(
        List.of(),
        null,
        null,
        new MavenCoordinates("org.example", artifactId(), "1.0-SNAPSHOT", null, "jar"));
  }

  /**
   * The supply chain of a harness build: the harness runs no mojo execution, so there is no
   * configuration to take a digest of.
   */
  SupplyChainSpec harnessSupplyChain() {
    return new SupplyChainSpec(
        true, true, null, null, "org.example:" + artifactId() + ":1.0-SNAPSHOT default");
  }

  /** {@code ${project.artifactId}}; the default image name is made from it. */
  String artifactId() {
    return "hello";
  }

  /** {@code ${project.build.outputTimestamp}}, {@code null} for unset. */
  String outputTimestamp() {
    return TIMESTAMP;
  }
}
