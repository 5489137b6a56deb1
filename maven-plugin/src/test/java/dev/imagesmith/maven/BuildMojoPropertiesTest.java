package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Command-line properties ({@code -Dimage.from}, {@code -Dimage.skip}, ...), the session's offline
 * flag, and the defaults when nothing is set. Each nested class seeds the session before the
 * harness configures the Mojo.
 */
@MojoTest
class BuildMojoPropertiesTest {
  private static final String MINIMAL = "/projects/minimal";

  @Nested
  class Defaults extends HarnessTestBase {
    @Override
    String outputTimestamp() {
      return null;
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_minimalPom_takesDefaults(BuildMojo mojo) {
      Path basedir = Path.of(MojoExtension.getBasedir());

      BuildPlan plan = mojo.plan();

      assertEquals(new BaseSpec.Scratch(), plan.from());
      assertEquals("hello:1.0-snapshot", plan.to().image());
      assertEquals(basedir.resolve("target/image"), plan.outputDirectory());
      assertEquals(basedir.resolve("target/imagesmith-work/default"), plan.workDirectory());
      assertEquals(
          Path.of(System.getProperty("user.home"), ".cache", "imagesmith"), plan.cacheDirectory());
      assertEquals(Compression.GZIP, plan.compression());
      assertEquals("linux/amd64", plan.platform());
      assertFalse(plan.offline());
      assertTrue(plan.cache());
      Assumptions.assumeTrue(
          System.getenv("SOURCE_DATE_EPOCH") == null, "SOURCE_DATE_EPOCH is set for this build");
      assertEquals(Instant.EPOCH, plan.timestamp());
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "skip", value = "true")
    void execute_skip_buildsNothing(BuildMojo mojo) throws Exception {
      // Without the skip, the engine (or the missing base) would fail this call.
      mojo.execute();

      assertFalse(Files.exists(Path.of(MojoExtension.getBasedir(), "target")));
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "compression", value = "lz4")
    void execute_userMistake_failsWithMessageOnly(BuildMojo mojo) {
      MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

      assertEquals(
          "<compression> (property image.compression) 'lz4' is not a layer compression: use gzip,"
              + " zstd or none",
          failure.getMessage());
      assertEquals(null, failure.getCause());
    }
  }

  @Nested
  class FromProperty extends HarnessTestBase {
    @BeforeEach
    void setProperty() {
      session.getUserProperties().setProperty("image.from", "docker-archive:base.tar");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_imageFromProperty_overridesPomFrom(BuildMojo mojo) {
      Path basedir = Path.of(MojoExtension.getBasedir());

      assertEquals(
          new BaseSpec.DockerArchive(basedir.resolve("base.tar"), "docker-archive:base.tar"),
          mojo.plan().from());
    }
  }

  @Nested
  class MalformedFromProperty extends HarnessTestBase {
    @BeforeEach
    void setProperty() {
      session.getUserProperties().setProperty("image.from", "oci:");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_malformedImageFromProperty_namesTheProperty(BuildMojo mojo) {
      UserInputException mistake = assertThrows(UserInputException.class, mojo::plan);

      assertEquals(
          "The property image.from 'oci:' names no directory: write oci:DIR or oci:DIR:TAG",
          mistake.getMessage());
    }
  }

  /**
   * {@code -Dimage.skip=FALSE}: Maven's own conversion of the property gives {@code false}, and the
   * command line's override must read it the same way (it read every spelling but {@code false} as
   * true, and skipped the build).
   */
  @Nested
  class SkipPropertyFalseInCapitals extends HarnessTestBase {
    @BeforeEach
    void setProperty() {
      session.getUserProperties().setProperty("image.skip", " FALSE");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void skipped_readsFalseAsMavenDoes(BuildMojo mojo) {
      assertFalse(mojo.skipped());
    }
  }

  @Nested
  class SkipProperty extends HarnessTestBase {
    @BeforeEach
    void setProperty() {
      session.getUserProperties().setProperty("image.skip", "true");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void execute_imageSkipProperty_buildsNothing(BuildMojo mojo) throws Exception {
      mojo.execute();

      assertFalse(Files.exists(Path.of(MojoExtension.getBasedir(), "target")));
    }
  }

  @Nested
  class OtherProperties extends HarnessTestBase {
    @BeforeEach
    void setProperties() {
      session.getUserProperties().setProperty("image.compression", "none");
      session.getUserProperties().setProperty("image.platform", "linux/riscv64");
      session.getUserProperties().setProperty("image.outputDirectory", "/tmp/elsewhere");
      session.getUserProperties().setProperty("image.cache", "false");
      session.getUserProperties().setProperty("image.isolation.mechanism", "proot");
      when(session.isOffline()).thenReturn(true);
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_propertiesAndOfflineSession_reachThePlan(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(Compression.NONE, plan.compression());
      assertEquals("linux/riscv64", plan.platform());
      assertEquals(Path.of("/tmp/elsewhere"), plan.outputDirectory());
      assertTrue(plan.offline());
      assertFalse(plan.cache());
      assertEquals("proot", plan.isolationMechanism());
    }
  }

  @Nested
  class UnknownIsolationMechanism extends HarnessTestBase {
    @BeforeEach
    void setProperty() {
      session.getUserProperties().setProperty("image.isolation.mechanism", "docker");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_unknownMechanism_namesTheChoices(BuildMojo mojo) {
      assertEquals(
          "<isolationMechanism> (property image.isolation.mechanism) 'docker' is not one of auto, unshare, bwrap, proot: leave it"
              + " out (auto) or name the mechanism to force, for example"
              + " -Dimage.isolation.mechanism=proot",
          org.junit.jupiter.api.Assertions.assertThrows(
                  dev.imagesmith.error.UserInputException.class, mojo::plan)
              .getMessage());
    }
  }

  @Nested
  class InvalidDefaultImageName extends HarnessTestBase {
    @Override
    String artifactId() {
      return "Hello+World";
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_artifactIdNotAnImageName_reportsCharacters(BuildMojo mojo) {
      assertEquals(
          "<to> is not set and the default image name 'hello+world:1.0-snapshot'"
              + " (${project.artifactId}:${project.version}, lower-cased) is not a valid image"
              + " reference: it contains '+'. Name the image yourself, for example"
              + " <to><image>example.org/team/hello:1.0</image></to>",
          mistake(mojo));
    }
  }

  @Nested
  class MalformedOutputTimestamp extends HarnessTestBase {
    @Override
    String outputTimestamp() {
      return "yesterday";
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_malformedOutputTimestamp_namesTheProperty(BuildMojo mojo) {
      assertEquals(
          "The property project.build.outputTimestamp='yesterday' is not a timestamp: write"
              + " ISO-8601 with an offset such as 2026-01-01T00:00:00Z, or seconds since"
              + " 1970-01-01T00:00:00Z such as 1767225600",
          mistake(mojo));
    }
  }
}
