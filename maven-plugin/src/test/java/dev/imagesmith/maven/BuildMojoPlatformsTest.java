package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.StepSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * {@code <platforms>} and the per-platform parts of a {@code download}: {@code ${arch}} in the URL
 * and {@code <checksums>}.
 */
@MojoTest
class BuildMojoPlatformsTest extends HarnessTestBase {
  private static final String HEAD = POM_HEAD + "<from>scratch</from>";
  private static final String STAGES =
      "<stages><stage><name>builder</name><steps><run><command>true</command></run></steps>"
          + "</stage></stages><layers><layer><stage>builder</stage><path>/install</path></layer>"
          + "</layers>";
  private static final String TAIL = POM_TAIL;
  private static final String A =
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String B =
      "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String DOWNLOAD_STAGES =
      "<stages><stage><name>builder</name><steps><download>"
          + "<url>https://example.org/tool-${arch}.tar.gz</url>"
          + "<checksums><linux-amd64>"
          + A
          + "</linux-amd64><linux-arm64>sha256:"
          + "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
          + "</linux-arm64></checksums><target>/src/tool.tar.gz</target></download></steps>"
          + "</stage></stages><layers><layer><stage>builder</stage><path>/src</path></layer>"
          + "</layers>";

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<platforms><platform>linux/arm64</platform><platform>linux/amd64</platform>"
              + "</platforms>"
              + STAGES
              + TAIL)
  void plan_platforms_inTheirOrder_firstIsThePlatform(BuildMojo mojo) {
    BuildPlan plan = mojo.plan();
    assertEquals(List.of("linux/arm64", "linux/amd64"), plan.platforms());
    assertEquals("linux/arm64", plan.platform());
    assertTrue(plan.multiPlatform());
  }

  @Test
  @InjectMojo(goal = "build", pom = HEAD + "<platform>linux/arm64</platform>" + STAGES + TAIL)
  void plan_platformAlone_isOnePlatform(BuildMojo mojo) {
    BuildPlan plan = mojo.plan();
    assertEquals(List.of("linux/arm64"), plan.platforms());
    assertEquals(false, plan.multiPlatform());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<platforms><platform>linux/amd64, linux/arm64/v8</platform></platforms>"
              + STAGES
              + TAIL)
  void plan_commaSeparated_asThePropertyArrives(BuildMojo mojo) {
    assertEquals(List.of("linux/amd64", "linux/arm64/v8"), mojo.plan().platforms());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<platforms><platform>linux/amd64</platform><platform>Linux</platform>"
              + "<platform>linux/aarch64</platform><platform>linux/arm64</platform></platforms>"
              + STAGES
              + TAIL)
  void plan_badAndRepeatedPlatforms_eachNamed(BuildMojo mojo) {
    String message = mistake(mojo);
    assertTrue(
        message.contains(
            "<platforms>/<platform>[2] (property image.platforms) 'Linux' is not a platform"),
        message);
    assertTrue(
        message.contains(
            "<platforms>/<platform>[4] (property image.platforms) 'linux/arm64' names a platform"
                + " listed before"),
        message);
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<platforms><platform>linux/amd64</platform><platform>linux/arm64</platform>"
              + "</platforms>"
              + DOWNLOAD_STAGES
              + TAIL)
  void plan_downloadPerPlatform_urlAndChecksumForEach(BuildMojo mojo) {
    BuildPlan plan = mojo.plan();
    String where = "<stages>/<stage>[1] (builder)/<steps>/<download>[1]";
    for (String platform : plan.platforms()) {
      BuildPlan one = plan.forPlatform(platform, plan.workDirectory(), plan.outputDirectory());
      String arch = platform.substring("linux/".length());
      assertEquals(
          new StepSpec.Download(
              URI.create("https://example.org/tool-" + arch + ".tar.gz"),
              arch.equals("amd64") ? A : B,
              "/src/tool.tar.gz",
              where,
              Map.of()),
          one.stages().get(0).steps().get(0));
    }
    // A platform the checksums do not name, and no <sha256> for all: one clear error.
    UserInputException missing =
        assertThrows(
            UserInputException.class,
            () ->
                ((StepSpec.Download) plan.stages().get(0).steps().get(0))
                    .forPlatform("linux/riscv64"));
    assertEquals(
        where
            + "/<checksums> names no SHA-256 for linux/riscv64: add <linux-riscv64>HEX</linux-riscv64>"
            + " (from `sha256sum FILE` of the linux/riscv64 file), or a <sha256> that every"
            + " platform's file has",
        missing.getMessage());
  }
}
