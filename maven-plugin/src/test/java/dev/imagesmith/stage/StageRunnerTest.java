package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerTest {
  @TempDir Path temp;
  private final RecordingLog log = new RecordingLog();

  private StageRunner runner() {
    return new StageRunner(
        temp.resolve("project"), temp.resolve("cache"), false, "linux/amd64", log);
  }

  private static StageSpec stage(StepSpec... steps) {
    return new StageSpec("builder", null, List.of(steps), PruneSpec.defaults(), "stages/stage[1]");
  }

  @Test
  void foreignPlatformWithoutEmulator_stageRunStepFailsNamingStepAndPlatform() throws IOException {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    Files.createDirectories(sandbox.root().resolve("bin"));
    Files.writeString(sandbox.root().resolve("bin/sh"), "a shell of another machine");
    StageRunner sparc =
        new StageRunner(
            temp.resolve("project"), temp.resolve("cache"), false, "linux/sparc64", log);
    StageSpec stage =
        new StageSpec(
            "builder",
            null,
            List.of(new StepSpec.Run("true", Map.of(), null, "s/run[1]")),
            PruneSpec.defaults(),
            "stages/stage[1]",
            dev.imagesmith.plan.RunIsolation.STAGE);
    String message =
        assertThrows(UserInputException.class, () -> sparc.run(stage, sandbox)).getMessage();
    assertTrue(
        message.startsWith(
            "stage 'builder', step s/run[1] (run) runs inside its stage, but its programs are built"
                + " for linux/sparc64 and this host runs "),
        message);
    assertTrue(message.contains("there is no QEMU emulator known for sparc64"), message);
  }

  @Test
  void run_stepsInOrder_reportedWithKindWhereAndSize() throws IOException {
    Path project = Files.createDirectories(temp.resolve("project"));
    Files.writeString(project.resolve("app.txt"), "12345");
    byte[] tool = "0123456789".getBytes(StandardCharsets.UTF_8);
    Path download = Files.write(temp.resolve("tool"), tool);
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));

    StageReport report =
        runner()
            .run(
                stage(
                    new StepSpec.Copy(project.resolve("app.txt"), "/app/", "s/copy[1]"),
                    new StepSpec.Download(
                        download.toUri(), Digest.ofBytes(tool).encoded(), "/app/tool", "s/dl[1]"),
                    // Sees what the steps before it made: the order is the user's.
                    new StepSpec.Run(
                        "cat app/app.txt app/tool > app/both", Map.of(), null, "s/run[1]")),
                sandbox);

    assertEquals(
        List.of("copy s/copy[1]", "download s/dl[1]", "run s/run[1]"),
        report.steps().stream().map(step -> step.kind() + " " + step.where()).toList());
    assertTrue(report.steps().stream().allMatch(step -> step.seconds() >= 0));
    assertEquals("builder", report.stage());
    assertEquals(5 + 10 + 15, DiskUsage.of(sandbox, "/"));
  }

  @Test
  void run_extractStep_missingArchiveIsAClearUserError() throws IOException {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    StepSpec extract = new StepSpec.Extract(temp.resolve("a.tar"), "/", 0, "s/extract[1]");

    UserInputException e =
        assertThrows(UserInputException.class, () -> runner().run(stage(extract), sandbox));

    assertTrue(
        e.getMessage().startsWith("stage 'builder', step s/extract[1] (extract): source "),
        e::getMessage);
    assertTrue(e.getMessage().contains("is not a file"), e::getMessage);
  }

  @Test
  void run_extractStep_unpacksGnuTarArchiveWithStripComponents() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("src/lib-1.0/docs"));
    Files.writeString(tree.resolve("notes.txt"), "nested");
    Files.writeString(tree.getParent().resolve("README"), "top");
    Path archive = temp.resolve("lib.tar.gz");
    Process tar =
        new ProcessBuilder(
                "tar", "-czf", archive.toString(), "-C", temp.resolve("src").toString(), "lib-1.0")
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));

    runner().run(stage(new StepSpec.Extract(archive, "/opt/lib", 1, "s/extract[1]")), sandbox);

    assertEquals("top", Files.readString(sandbox.root().resolve("opt/lib/README")));
    assertEquals("nested", Files.readString(sandbox.root().resolve("opt/lib/docs/notes.txt")));
    assertFalse(Files.exists(sandbox.root().resolve("opt/lib/lib-1.0")));
  }

  @Test
  void run_failingStep_stopsTheStage() throws IOException {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));

    assertThrows(
        UserInputException.class,
        () ->
            runner()
                .run(
                    stage(
                        new StepSpec.Run("exit 1", Map.of(), null, "s/run[1]"),
                        new StepSpec.Run("touch after", Map.of(), null, "s/run[2]")),
                    sandbox));

    assertFalse(Files.exists(sandbox.hostPath("/after")));
  }
}
