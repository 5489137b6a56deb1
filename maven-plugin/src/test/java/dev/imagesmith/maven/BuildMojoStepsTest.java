package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** Step order survives mixed kinds; the extras (compression, platform, directories, ports) map. */
@MojoTest
class BuildMojoStepsTest extends HarnessTestBase {
  @Test
  @Basedir("/projects/mixed-steps")
  @InjectMojo(goal = "build", pom = "pom.xml")
  void plan_mixedSteps_keepsDocumentOrderAndExtras(BuildMojo mojo) {
    Path basedir = Path.of(MojoExtension.getBasedir());
    String deps = "<stages>/<stage>[1] (deps)";
    String steps = deps + "/<steps>";
    BuildPlan expected =
        TestPlans.in(basedir)
            .from(
                new BaseSpec.DockerArchive(
                    basedir.resolve("base/image.tar"), "docker-archive:base/image.tar"))
            .stages(
                List.of(
                    new StageSpec(
                        "deps",
                        new BaseSpec.Scratch(),
                        List.of(
                            new StepSpec.Run("echo 1", Map.of(), "/work", steps + "/<run>[1]"),
                            new StepSpec.Copy(basedir.resolve("a"), "/a", steps + "/<copy>[1]"),
                            new StepSpec.Run("echo 2", Map.of(), "/", steps + "/<run>[2]"),
                            new StepSpec.Extract(
                                basedir.resolve("b.tar"), "/b", 0, steps + "/<extract>[1]"),
                            new StepSpec.Copy(basedir.resolve("c"), "/c", steps + "/<copy>[2]"),
                            new StepSpec.Download(
                                URI.create("https://example.org/d.bin"),
                                "a".repeat(64),
                                "/d",
                                steps + "/<download>[1]"),
                            new StepSpec.Run("echo 3", Map.of(), "/", steps + "/<run>[3]")),
                        new PruneSpec(true, true, false, List.of()),
                        deps),
                    new StageSpec(
                        "app",
                        new BaseSpec.OciLayout(
                            basedir.resolve("layouts/app"), null, "oci:layouts/app"),
                        List.of(),
                        PruneSpec.defaults(),
                        "<stages>/<stage>[2] (app)")))
            .layers(
                List.of(
                    new LayerSpec("deps", "/a", "<layers>/<layer>[1]"),
                    new LayerSpec("app", "/opt/app", "<layers>/<layer>[2]")))
            .container(
                new ContainerSpec(
                    null,
                    null,
                    Map.of(),
                    null,
                    null,
                    pomLabels(Map.of()),
                    List.of("8080/tcp", "53/udp")))
            .to(TestPlans.image("hello:1.0-snapshot"))
            .outputDirectory(basedir.resolve("target/out"))
            .compression(Compression.ZSTD)
            .platform("linux/arm64/v8")
            .offline(false)
            .project(harnessArtifacts())
            .supplyChain(harnessSupplyChain())
            .build();

    assertEquals(expected, mojo.plan());
  }

  @Override
  String artifactId() {
    return "Hello";
  }

  @Override
  String outputTimestamp() {
    return "1767225600";
  }
}
