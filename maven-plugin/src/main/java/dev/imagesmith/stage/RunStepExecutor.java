package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The {@code run} step: {@code /bin/sh -c COMMAND} on the build host.
 *
 * <p><strong>A run command is not confined.</strong> It runs as the user running Maven, with that
 * user's rights over the whole host: nothing stops it from writing outside the stage. The stage
 * root is handed to it as {@code STAGE_ROOT} and {@code DESTDIR} so that build systems install into
 * the stage ({@code make install DESTDIR="$DESTDIR" PREFIX=/install}); an absolute path in the
 * command means the host's path, not the stage's. Only the plugin's own file operations (copy,
 * download, extract, prune) are kept inside the stage, and the stage's symlinks: before the command
 * starts, every link in the stage holds a host text that leads into the stage ({@link
 * dev.imagesmith.fs.Sandbox#prepareForHostProcess}), so {@code "$STAGE_ROOT/usr/bin/tool"} reaches
 * the stage's file even when an image says {@code tool -> /home/alice/.profile}.
 *
 * <p>Environment: the host's, plus {@code STAGE_ROOT} and {@code DESTDIR} (the stage root's
 * absolute host path), plus {@code IMAGESMITH_CACHE_<ID>} for each cache mount (its host directory,
 * {@link CacheMounts}), plus the step's {@code environment} (which wins). Working directory: the
 * stage root, or {@code workingDirectory} resolved inside the stage with securejoin and created
 * (mode 0755) if missing. Standard input is empty; standard output and error are merged and
 * forwarded line by line to {@link dev.imagesmith.event.BuildLog#commandOutput} while the command
 * runs. A non-zero exit fails the step with the last {@value #TAIL_LINES} lines of output.
 *
 * <p>The shell is the absolute {@code /bin/sh} of the host, never one found through {@code PATH} or
 * inside the stage (security-cases.md P28).
 *
 * <p>In a stage with {@code <isolation>stage</isolation>} the step runs inside the stage instead:
 * {@link IsolatedRunStep}.
 */
public final class RunStepExecutor implements StepExecutor<StepSpec.Run> {
  static final int TAIL_LINES = 20;
  private static final int COMMAND_PREVIEW = 200;
  private static final String SHELL = "/bin/sh";

  private final IsolatedRunStep isolated;
  private final CacheMounts caches;

  /** Stage-isolated steps use the first mechanism that works on this host. */
  public RunStepExecutor() {
    this("auto");
  }

  /**
   * @param isolationMechanism {@code auto}, {@code unshare}, {@code bwrap} or {@code proot}: how
   *     stage-isolated steps are isolated
   */
  public RunStepExecutor(String isolationMechanism) {
    this(isolationMechanism, CacheMounts.none());
  }

  /**
   * @param caches where the steps' cache mounts live
   */
  public RunStepExecutor(String isolationMechanism, CacheMounts caches) {
    this(new IsolatedRunStep(isolationMechanism), caches);
  }

  /** Stage-isolated steps run through {@code isolated}, shared with the stage's debian steps. */
  RunStepExecutor(IsolatedRunStep isolated, CacheMounts caches) {
    this.isolated = isolated;
    this.caches = caches;
  }

  /** Stage-isolated steps use {@code isolation}. */
  RunStepExecutor(dev.imagesmith.isolation.Isolation isolation) {
    this(new IsolatedRunStep(() -> isolation), CacheMounts.none());
  }

  @Override
  public String kind() {
    return "run";
  }

  @Override
  public StepOutcome execute(StepSpec.Run step, StepContext context) throws IOException {
    // Each cache mount is the step's alone while it runs: another build waits (CacheMountLock).
    try (CacheMounts.Held held = caches.acquire(step, context.describe(step, kind()))) {
      if (context.isolation() == RunIsolation.STAGE) {
        return isolated.execute(step, context, held.directories());
      }
      return onTheHost(step, context, held.variables());
    }
  }

  private StepOutcome onTheHost(StepSpec.Run step, StepContext context, Map<String, String> caches)
      throws IOException {
    if (!step.network() || step.timeout() != null) {
      throw new UserInputException(
          context.describe(step, kind())
              + ": "
              + ConfigPaths.POM.steps().network()
              + " and "
              + ConfigPaths.POM.steps().timeout()
              + " need "
              + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "stage")
              + " on the stage: a"
              + " command on the host can neither be cut from the network nor be stopped with"
              + " every process it started");
    }
    String stageRoot = context.sandbox().root().toAbsolutePath().toString();
    ProcessBuilder builder = new ProcessBuilder(SHELL, "-c", step.command());
    Map<String, String> environment = builder.environment();
    environment.put("STAGE_ROOT", stageRoot);
    environment.put("DESTDIR", stageRoot);
    environment.putAll(caches);
    if (step.environment() != null) {
      environment.putAll(step.environment());
    }
    builder.directory(workingDirectory(step, context).toFile());
    builder.redirectErrorStream(true);
    // The shell follows links with the host kernel: each must lead into the stage, whether an
    // image, an archive or an earlier command wrote it (H1-H8).
    context.sandbox().prepareForHostProcess();

    Deque<String> tail = new ArrayDeque<>();
    int exitCode;
    // The command writes the stage behind the sandbox's back: it checks what changed afterwards.
    try (Closeable command = context.sandbox().hostCommand()) {
      exitCode = run(builder, step, context, tail);
    }
    if (exitCode != 0) {
      throw new UserInputException(failureMessage(step, context, exitCode, tail));
    }
    return StepOutcome.NONE;
  }

  /** Runs the command to its end, logging its output and keeping its last lines in {@code tail}. */
  private int run(
      ProcessBuilder builder, StepSpec.Run step, StepContext context, Deque<String> tail)
      throws IOException {
    Process process = builder.start();
    int exitCode;
    try {
      process.getOutputStream().close(); // empty stdin: a command waiting for input must not hang
      try (BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = output.readLine()) != null; ) {
          context.log().commandOutput(line);
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
      exitCode = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(context.describe(step, kind()) + ": interrupted");
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
    return exitCode;
  }

  private Path workingDirectory(StepSpec.Run step, StepContext context) throws IOException {
    String configured = step.workingDirectory();
    if (configured == null || configured.isBlank()) {
      return context.sandbox().root();
    }
    String where = context.describe(step, kind()) + ", workingDirectory '" + configured + "'";
    String resolved = StageTargets.directory(context.sandbox(), configured, where);
    Path host = context.sandbox().hostPath(resolved);
    if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("working directory " + resolved + " vanished while in use");
    }
    return host;
  }

  static String failureMessage(
      StepSpec.Run step, StepContext context, int exitCode, Deque<String> tail) {
    String command = step.command();
    String preview =
        command.length() <= COMMAND_PREVIEW
            ? command
            : command.substring(0, COMMAND_PREVIEW) + "...";
    StringBuilder message =
        new StringBuilder(context.describe(step, "run"))
            .append(": command exited with code ")
            .append(exitCode)
            .append(": ")
            .append(preview);
    if (tail.isEmpty()) {
      message.append("\n(the command printed nothing)");
    } else {
      message.append("\nlast ").append(tail.size()).append(" lines of output:");
      tail.forEach(line -> message.append("\n  ").append(line));
    }
    return message.toString();
  }
}
