package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.NativeBuild;
import dev.imagesmith.testkit.TestPlans;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entrypoint and script checks and the two warnings, through the real pipeline: a stage with
 * the host's shell and C runtime and a script, an image started by it (or by a program that is not
 * there), a stage no layer takes, and a layer that ships a file twice.
 */
class ImageChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();
  private final BuildLog log =
      new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
          warnings.add(message);
        }

        @Override
        public void debug(String message) {}
      };

  @BeforeEach
  void sources() throws Exception {
    Assumptions.assumeTrue(NativeBuild.available(), "needs the host's x86-64 glibc and /bin/sh");
    Path app = dir.resolve("src/app");
    Files.createDirectories(app.resolve("bin"));
    Files.copy(Path.of("/bin/sh"), app.resolve("bin/sh"));
    Files.createDirectories(app.resolve("lib/x86_64-linux-gnu"));
    Files.copy(NativeBuild.HOST_LIBC, app.resolve("lib/x86_64-linux-gnu/libc.so.6"));
    Files.createDirectories(app.resolve("lib64"));
    Files.copy(NativeBuild.HOST_LOADER, app.resolve("lib64/ld-linux-x86-64.so.2"));
    Files.createDirectories(app.resolve("app"));
    Path run = Files.writeString(app.resolve("app/run.sh"), "#!/bin/sh\necho hello\n");
    run.toFile().setExecutable(true, false);
    Path tools = Files.createDirectories(dir.resolve("src/tools"));
    Files.writeString(tools.resolve("unused.txt"), "x");
  }

  private BuildPlan plan(List<String> entrypoint, List<LayerSpec> extra, ChecksSpec checks) {
    List<LayerSpec> layers =
        new ArrayList<>(List.of(new LayerSpec("app", "/", "<layers>/<layer>[1]")));
    layers.addAll(extra);
    return TestPlans.in(dir)
        .stages(
            List.of(
                new StageSpec(
                    "app",
                    null,
                    List.of(new StepSpec.Copy(dir.resolve("src/app"), "/", "app/<copy>")),
                    PruneSpec.defaults(),
                    "<stages>/<stage>[1] (app)"),
                new StageSpec(
                    "tools",
                    null,
                    List.of(
                        new StepSpec.Copy(dir.resolve("src/tools"), "/opt/tools", "tools/<copy>")),
                    PruneSpec.defaults(),
                    "<stages>/<stage>[2] (tools)")))
        .layers(layers)
        .container(new ContainerSpec(entrypoint, null, Map.of(), null, null, Map.of(), List.of()))
        .to(TestPlans.image("example.org/checks:1"))
        .workDirectory(dir.resolve("target/work"))
        .checks(checks)
        .build();
  }

  private BuildResult build(BuildPlan plan) {
    return new ImageBuilder(log).build(plan);
  }

  @Test
  void goodEntrypoint_passes_andWarnsAboutTheStageNoLayerTakes() throws Exception {
    build(plan(List.of("/app/run.sh"), List.of(), ChecksSpec.DEFAULT));
    JsonNode json = JSON.readTree(dir.resolve("target/image/image.json").toFile());
    assertTrue(json.at("/checks/entrypoint/passed").asBoolean(), json.toString());
    assertTrue(json.at("/checks/interpreters/passed").asBoolean(), json.toString());
    assertEquals(
        List.of(
            "Stage 'tools' ran, but no <layer> takes anything from it: add a <layer> with"
                + " <stage>tools</stage>, or remove the stage"),
        warnings);
  }

  @Test
  void missingEntrypoint_failsAfterTheReport_namingTheProgram() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> build(plan(List.of("/app/run"), List.of(), ChecksSpec.DEFAULT)));
    assertTrue(
        e.getMessage()
            .contains(
                "The image cannot start its program:\n".replace("\n", System.lineSeparator())
                    + "  - The entrypoint /app/run cannot start: /app/run is not in the image"),
        e.getMessage());
    assertTrue(e.getMessage().contains("<checkEntrypoint>false</checkEntrypoint>"), e.getMessage());
    Path output = dir.resolve("target/image");
    JsonNode json = JSON.readTree(output.resolve("image.json").toFile());
    assertFalse(json.at("/checks/entrypoint/passed").asBoolean());
    assertTrue(
        Files.readString(output.resolve("report.html")).contains("/app/run is not in the image"));
    assertFalse(Files.exists(output.resolve("digest"), LinkOption.NOFOLLOW_LINKS));

    // Switched off, the same image builds.
    ChecksSpec off = new ChecksSpec(BudgetSpec.NONE, true, List.of(), false, List.of());
    build(plan(List.of("/app/run"), List.of(), off));
    assertTrue(Files.isRegularFile(output.resolve("digest")));
  }

  @Test
  void scriptWithoutItsInterpreter_failsLikeAMissingLibrary() throws Exception {
    Files.writeString(dir.resolve("src/app/app/report.pl"), "#!/usr/bin/perl\nprint 1;\n")
        .toFile()
        .setExecutable(true, false);
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> build(plan(List.of("/app/run.sh"), List.of(), ChecksSpec.DEFAULT)));
    assertTrue(
        e.getMessage()
            .contains(
                "  - /app/report.pl starts with #!/usr/bin/perl, and /usr/bin/perl is not in the"
                    + " image"),
        e.getMessage());
    assertTrue(e.getMessage().contains("<ignoreMissingInterpreters>"), e.getMessage());
    JsonNode json = JSON.readTree(dir.resolve("target/image/image.json").toFile());
    assertFalse(json.at("/checks/interpreters/passed").asBoolean());
    assertTrue(json.at("/checks/libraries/passed").asBoolean());

    ChecksSpec ignored = new ChecksSpec(BudgetSpec.NONE, true, List.of(), true, List.of("perl"));
    build(plan(List.of("/app/run.sh"), List.of(), ignored));
  }

  @Test
  void wasteWithoutAWasteBudget_isWarnedAbout_butNotWithOne() throws Exception {
    // The second layer ships /app again: every byte of it is hidden waste.
    List<LayerSpec> again = List.of(new LayerSpec("app", "/app", "<layers>/<layer>[2]"));
    build(plan(List.of("/app/run.sh"), again, ChecksSpec.DEFAULT));
    assertEquals(2, warnings.size(), warnings.toString());
    assertEquals(
        "The layers this build adds waste 21 bytes (files a later layer hides, or whose content a"
            + " lower layer already ships); the largest: /app/run.sh 21 B in layer 1"
            + " (app:/), overwritten by layer 2 (app:/app). Select paths that do not overlap"
            + " (report.html lists every such file), or set <budget><maxWastedBytes> to the waste"
            + " you accept (the build then fails above it and no longer warns)",
        warnings.get(1));

    warnings.clear();
    BudgetSpec accepted = new BudgetSpec(null, null, null, 100L, ReportFixture.BUDGET_PATHS);
    build(
        plan(
            List.of("/app/run.sh"),
            again,
            new ChecksSpec(accepted, true, List.of(), true, List.of())));
    assertEquals(1, warnings.size(), "only the unused stage: " + warnings);
  }

  @Test
  void wasteWarning_namesTheLimitByThePlansPath_notByALiteral() throws Exception {
    // Another front-end spells its configuration its own way: the advice follows the plan.
    ConfigPaths pom = ConfigPaths.POM;
    ConfigPaths other =
        new ConfigPaths(
            pom.from(),
            pom.platform(),
            pom.layers(),
            pom.layer(),
            pom.layerStage(),
            pom.layerPath(),
            pom.environment(),
            pom.entrypoint(),
            pom.cmd(),
            pom.debianStep(),
            pom.checkLibraries(),
            pom.ignoreMissingLibraries(),
            pom.ignoreMissingLibrary(),
            pom.ignoreMissingInterpreters(),
            pom.ignoreMissingInterpreter(),
            pom.checkEntrypoint(),
            pom.toImage(),
            pom.budget(),
            pom.auth(),
            pom.settingsServer(),
            pom.settingsServerId(),
            pom.insecureRegistries(),
            pom.downloads(),
            pom.debian(),
            pom.steps(),
            pom.sharedCache(),
            "limits.wasted");
    List<LayerSpec> again = List.of(new LayerSpec("app", "/app", "<layers>/<layer>[2]"));
    build(plan(List.of("/app/run.sh"), again, ChecksSpec.DEFAULT).toBuilder().paths(other).build());
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(1).contains("or set limits.wasted to the waste you accept"), warnings.get(1));
    assertFalse(warnings.get(1).contains("<budget>"), warnings.get(1));
  }
}
