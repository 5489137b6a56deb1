package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.plan.SharedCacheSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The shared cache's parameters ({@code <sharedCache>}, {@code <sharedCachePush>}, ...) reach the
 * plan; the command line's {@code image.sharedCache*} properties win over the POM; mistakes name
 * the element and the property.
 */
@MojoTest
class BuildMojoSharedCacheTest {
  private static final String MINIMAL = "/projects/minimal";

  @Nested
  class Configured extends HarnessTestBase {
    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "sharedCache", value = "registry.example.org:5000/team/cache")
    @MojoParameter(name = "sharedCachePush", value = "true")
    @MojoParameter(name = "sharedCacheKey", value = "runner-image-7")
    @MojoParameter(name = "sharedCacheKeyCommand", value = "cc --version")
    @MojoParameter(name = "sharedCacheMaxEntrySize", value = "500MB")
    @MojoParameter(name = "sharedCacheMaxAge", value = "14d")
    @MojoParameter(name = "sharedCacheTimeout", value = "30s")
    void plan_everyParameter_reachesThePlan(BuildMojo mojo) {
      Path basedir = Path.of(MojoExtension.getBasedir()).toAbsolutePath();
      assertEquals(
          new SharedCacheSpec(
              "registry.example.org:5000",
              "team/cache",
              true,
              false,
              "runner-image-7",
              "cc --version",
              500_000_000L,
              Duration.ofDays(14),
              Duration.ofSeconds(30),
              basedir),
          mojo.plan().sharedCache());
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_nothingSet_noSharedCache(BuildMojo mojo) {
      assertEquals(SharedCacheSpec.NONE, mojo.plan().sharedCache());
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "sharedCache", value = "registry.example.org/team/cache:latest")
    void plan_aTag_refusedNamingTheElement(BuildMojo mojo) {
      assertEquals(
          "<sharedCache> (property image.sharedCache) 'registry.example.org/team/cache:latest' is"
              + " not a registry and repository: write REGISTRY/REPOSITORY, for example"
              + " registry.example.org/team/imagesmith-cache, without a tag (the cache's tags are"
              + " its keys)",
          mistake(mojo));
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "sharedCache", value = "registry.example.org/team/cache")
    @MojoParameter(name = "sharedCacheMaxAge", value = "two weeks")
    void plan_badAge_refusedNamingTheProperty(BuildMojo mojo) {
      assertEquals(
          "<sharedCacheMaxAge> (property image.sharedCache.maxAge) 'two weeks' is not a duration:"
              + " write a positive number with a unit, such as 500ms, 30s, 5m, 2h or 14d (a number"
              + " alone is seconds)",
          mistake(mojo));
    }
  }

  @Nested
  class WithTheRestOfTheConfiguration extends HarnessTestBase {
    @Test
    @InjectMojo(
        goal = "build",
        pom =
            POM_HEAD
                + "<from>scratch</from>"
                + "<stages><stage><steps><run><command>true</command></run></steps></stage>"
                + "</stages>"
                + "<sharedCache>registry.example.org/team/cache</sharedCache>"
                + "<sharedCacheTimeout>ten seconds</sharedCacheTimeout>"
                + POM_TAIL)
    void plan_aSharedCacheMistakeAndAStageMistake_reportedTogether(BuildMojo mojo) {
      String message = mistake(mojo);
      assertTrue(
          message.startsWith("2 mistakes in the image-maven-plugin configuration:"), message);
      assertTrue(message.contains("<stages>/<stage>[1]/<name> is missing"), message);
      assertTrue(
          message.contains(
              "<sharedCacheTimeout> (property image.sharedCache.timeout) 'ten seconds' is not a"
                  + " duration"),
          message);
    }
  }

  @Nested
  class ReadOnlyFromTheCommandLine extends HarnessTestBase {
    @BeforeEach
    void setProperties() {
      session.getUserProperties().setProperty("image.sharedCache.push", "false");
      session.getUserProperties().setProperty("image.sharedCache.required", "");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "sharedCache", value = "registry.example.org/team/cache")
    @MojoParameter(name = "sharedCachePush", value = "true")
    void plan_pushPropertyFalse_winsOverThePom(BuildMojo mojo) {
      SharedCacheSpec shared = mojo.plan().sharedCache();
      assertEquals(false, shared.push(), "an untrusted branch can always force read-only");
      assertEquals(true, shared.required(), "-Dimage.sharedCache.required alone is true");
    }
  }

  @Nested
  class OffFromTheCommandLine extends HarnessTestBase {
    @BeforeEach
    void setProperties() {
      session.getUserProperties().setProperty("image.sharedCache", "");
    }

    @Test
    @Basedir(MINIMAL)
    @InjectMojo(goal = "build", pom = "pom.xml")
    @MojoParameter(name = "sharedCache", value = "registry.example.org/team/cache")
    void plan_emptyProperty_turnsTheSharedCacheOff(BuildMojo mojo) {
      assertEquals(SharedCacheSpec.NONE, mojo.plan().sharedCache());
    }
  }
}
