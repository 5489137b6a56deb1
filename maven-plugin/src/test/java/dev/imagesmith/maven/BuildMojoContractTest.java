package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.testkit.TestPlans;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** The documented contract POM, configured by Maven's real configurator, maps to this plan. */
@MojoTest
class BuildMojoContractTest extends HarnessTestBase {
  private static final String STAGE = "<stages>/<stage>[1] (builder)";
  private static final String STEPS = STAGE + "/<steps>";

  @Test
  @Basedir("/projects/contract")
  @InjectMojo(goal = "build", pom = "pom.xml")
  void plan_contractPom_mapsEveryElement(BuildMojo mojo) {
    Path basedir = Path.of(MojoExtension.getBasedir());
    String hex = "0123456789abcdef".repeat(4);
    BuildPlan expected =
        TestPlans.in(basedir)
            .from(
                new BaseSpec.OciLayout(
                    basedir.resolve("base-layout"), "1", "oci:" + basedir + "/base-layout:1"))
            .stages(
                List.of(
                    new StageSpec(
                        "builder",
                        null,
                        List.of(
                            new StepSpec.Copy(
                                basedir.resolve("src/native"), "/src", STEPS + "/<copy>[1]"),
                            new StepSpec.Extract(
                                basedir.resolve("vendor/lib.tar.gz"),
                                "/src/lib",
                                1,
                                STEPS + "/<extract>[1]"),
                            new StepSpec.Download(
                                URI.create("file:///path/x.tar.gz"),
                                hex,
                                "/src/x.tar.gz",
                                STEPS + "/<download>[1]"),
                            new StepSpec.Run(
                                "make -C \"$STAGE_ROOT/src\" install DESTDIR=\"$STAGE_ROOT\""
                                    + " PREFIX=/install",
                                Map.of("CFLAGS", "-O2"),
                                "/",
                                STEPS + "/<run>[1]")),
                        new PruneSpec(true, true, true, List.of("**/*.pyc")),
                        STAGE)))
            .layers(List.of(new LayerSpec("builder", "/install", "<layers>/<layer>[1]")))
            .container(
                new ContainerSpec(
                    List.of("/install/bin/hello"),
                    List.of("--version"),
                    Map.of("PATH", "/install/bin:/usr/bin:/bin"),
                    "1000:1000",
                    "/",
                    pomLabels(Map.of("org.opencontainers.image.title", "hello")),
                    List.of()))
            .to(new TargetSpec("example.org/team/hello:1.0", List.of("latest")))
            .cacheDirectory(Path.of(System.getProperty("user.home"), ".cache/imagesmith"))
            .timestamp(Instant.parse(TIMESTAMP))
            .offline(false)
            .project(harnessArtifacts())
            .supplyChain(harnessSupplyChain())
            .build();

    assertEquals(expected, mojo.plan());
  }
}
