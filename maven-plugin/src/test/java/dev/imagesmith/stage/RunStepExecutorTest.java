package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStepExecutorTest {
  private static final String WHERE = "stages/stage[1]/steps/run[1]";

  @TempDir Path temp;
  private Sandbox sandbox;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(temp.resolve("stage"));
  }

  private void run(String command, Map<String, String> environment, String workingDirectory)
      throws IOException {
    new RunStepExecutor()
        .execute(
            new StepSpec.Run(command, environment, workingDirectory, WHERE),
            new StepContext("builder", sandbox, log));
  }

  @Test
  void run_environment_hasStageRootDestdirAndStepVariables() throws IOException {
    run(
        "printf '%s|%s|%s|%s' \"$STAGE_ROOT\" \"$DESTDIR\" \"$GREETING\" \"$PATH\""
            + " > \"$DESTDIR/env.txt\"",
        Map.of("GREETING", "hello world"), null);

    String root = sandbox.root().toString();
    assertEquals(
        root + "|" + root + "|hello world|" + System.getenv("PATH"),
        Files.readString(sandbox.hostPath("/env.txt")));
  }

  @Test
  void run_makeInstallWithDestdir_installsIntoStage() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/make")), "needs GNU make");
    Path project = Files.createDirectories(temp.resolve("project"));
    Files.writeString(project.resolve("hello.sh"), "#!/bin/sh\necho hello\n");
    Files.writeString(
        project.resolve("Makefile"),
        "PREFIX ?= /usr/local\n"
            + "install:\n"
            + "\tmkdir -p $(DESTDIR)$(PREFIX)/bin\n"
            + "\tinstall -m 755 hello.sh $(DESTDIR)$(PREFIX)/bin/hello\n");

    run("make -C '" + project + "' install PREFIX=/install", Map.of(), null);

    Path installed = sandbox.hostPath("/install/bin/hello");
    assertTrue(Files.isExecutable(installed));
    assertFalse(Files.exists(Path.of("/install/bin/hello")), "nothing on the host's /install");
    assertTrue(log.commandOutput.stream().anyMatch(line -> line.contains("install -m 755")));
  }

  @Test
  void run_workingDirectory_resolvedInsideStageAndCreated() throws IOException {
    run("pwd > where.txt", Map.of(), "/work/src");
    run("pwd > where.txt", Map.of(), "../../../etc");

    assertEquals(
        sandbox.hostPath("/work/src") + "\n",
        Files.readString(sandbox.hostPath("/work/src/where.txt")));
    assertEquals(
        sandbox.hostPath("/etc") + "\n", Files.readString(sandbox.hostPath("/etc/where.txt")));
  }

  @Test
  void run_output_forwardedLineByLineWithStderrMerged() throws IOException {
    run("echo one; echo two >&2; echo three", Map.of(), null);

    assertEquals(List.of("one", "two", "three"), log.commandOutput);
  }

  @Test
  void run_nonZeroExit_failsWithCodeCommandAndOutputTail() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> run("echo compiling; echo 'error: no cc' >&2; exit 3", Map.of(), null));

    assertEquals(
        "stage 'builder', step "
            + WHERE
            + " (run): command exited with code 3: echo compiling; echo 'error: no cc' >&2;"
            + " exit 3\nlast 2 lines of output:\n  compiling\n  error: no cc",
        e.getMessage());
  }

  @Test
  void run_nonZeroExit_keepsLast20LinesAndFirst200CharactersOfCommand() {
    String command = "for i in $(seq 1 30); do echo line$i; done; exit 1 #" + "x".repeat(300);

    UserInputException e =
        assertThrows(UserInputException.class, () -> run(command, Map.of(), null));

    String message = e.getMessage();
    assertTrue(message.contains(": " + command.substring(0, 200) + "...\n"), message);
    assertFalse(message.contains("x".repeat(201)), message);
    assertTrue(message.contains("last 20 lines of output:\n  line11\n"), message);
    assertTrue(message.endsWith("  line30"), message);
    assertFalse(message.contains("line10\n"), message);
    assertEquals(30, log.commandOutput.size());
  }

  @Test
  void run_commandReadingStdin_seesEndOfInput() throws IOException {
    run("cat > stdin.txt", Map.of(), null);

    assertEquals("", Files.readString(sandbox.hostPath("/stdin.txt")));
  }
}
