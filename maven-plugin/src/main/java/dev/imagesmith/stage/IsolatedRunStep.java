package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.MetadataSync;
import dev.imagesmith.fs.OwnerRecord;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.isolation.CacheBind;
import dev.imagesmith.isolation.Emulation;
import dev.imagesmith.isolation.HostIds;
import dev.imagesmith.isolation.IsolatedCommand;
import dev.imagesmith.isolation.IsolatedResult;
import dev.imagesmith.isolation.Isolation;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.isolation.OwnedPath;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.StepSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@code run} step of a stage with {@code <isolation>stage</isolation>}: the stage's own {@code
 * /bin/sh -c COMMAND} with the stage as {@code /}, run by the {@link Isolation} the host allows
 * (named in the build log), never seeing the project, {@code ~/.m2}, {@code ~/.ssh} or the host's
 * {@code /tmp}.
 *
 * <p>Environment: {@code PATH} (Debian's default), {@code HOME=/root}, then the base image's {@code
 * Env} (which may set either), then the step's {@code environment}. Working directory: as on the
 * host, resolved inside the stage and created if missing, but the command sees it at its image
 * path. Output, exit code and the failure message are as on the host; a timeout stops the command
 * with every process it started.
 *
 * <p>Cache mounts ({@code <caches>}) are bound at their targets, resolved inside the stage ({@link
 * CacheTargets}); nothing of them is part of the stage afterwards.
 *
 * <p>The metadata overlay learns what the command changed ({@link MetadataSync}): modes, owners
 * (given before and collected after when the mechanism maps more ids than root), hardlinks, FIFOs
 * and device nodes, deleted files. The plugin's own file operations never run in the namespace.
 */
final class IsolatedRunStep {
  /** Debian's (and Docker's) default when the base image sets no {@code PATH}. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Supplier<Isolation> isolation;

  /** Probes for {@code mechanism} ({@code auto} or a name) at the first step. */
  IsolatedRunStep(String mechanism) {
    this(() -> IsolationProbe.choose(mechanism));
  }

  /**
   * Probes for {@code mechanism} at the first step, with user-mode emulation when {@code platform}
   * is not the host's ({@link Emulation}).
   */
  IsolatedRunStep(String mechanism, String platform) {
    this(() -> Emulation.choose(mechanism, platform));
  }

  IsolatedRunStep(Supplier<Isolation> isolation) {
    this.isolation = isolation;
  }

  StepOutcome execute(StepSpec.Run step, StepContext context) throws IOException {
    return execute(step, context, Map.of());
  }

  /**
   * Runs the step with its cache mounts, which the caller holds.
   *
   * @param caches each cache mount of the step and its host directory
   */
  StepOutcome execute(StepSpec.Run step, StepContext context, Map<CacheMount, Path> caches)
      throws IOException {
    String describe = context.describe(step, "run");
    Sandbox sandbox = context.sandbox();
    String workingDirectory =
        StageTargets.directory(
            sandbox,
            step.workingDirectory() == null ? "/" : step.workingDirectory(),
            describe + ", workingDirectory '" + step.workingDirectory() + "'");
    requireShell(sandbox, describe);
    List<CacheBind> binds = CacheTargets.resolve(sandbox, caches, describe);
    Map<String, String> environment = environment(context.baseEnvironment(), step.environment());
    Deque<String> tail = new ArrayDeque<>();
    Ran ran;
    try {
      ran =
          runInside(
              sandbox,
              workingDirectory,
              step.command(),
              environment,
              step.network(),
              step.timeout(),
              binds,
              context.log(),
              line -> {
                context.log().commandOutput(line);
                tail.addLast(line);
                if (tail.size() > RunStepExecutor.TAIL_LINES) {
                  tail.removeFirst();
                }
              });
    } catch (Emulation.Refused e) {
      throw new UserInputException(describe + " runs inside its stage, but " + e.getMessage());
    }
    Isolation isolation = ran.isolation();
    IsolatedResult result = ran.result();
    if (result.timedOut()) {
      StringBuilder message =
          new StringBuilder(describe)
              .append(": timed out after ")
              .append(seconds(step.timeout()))
              .append("; the command and every process it started were stopped");
      tail.forEach(line -> message.append("\n  ").append(line));
      throw new UserInputException(message.toString());
    }
    if (result.exitCode() != 0) {
      throw new UserInputException(
          RunStepExecutor.failureMessage(step, context, result.exitCode(), tail)
              + hint(isolation, tail));
    }
    return StepOutcome.NONE;
  }

  /** A command that ran inside the stage, and the mechanism that ran it. */
  record Ran(IsolatedResult result, Isolation isolation) {}

  /**
   * Runs {@code command} with the stage's {@code /bin/sh} inside the stage and keeps the metadata
   * overlay true across it: the common part of every step that executes inside the stage.
   *
   * @param output receives each line the command prints
   */
  Ran runInside(
      Sandbox sandbox,
      String workingDirectory,
      String command,
      Map<String, String> environment,
      boolean network,
      Duration timeout,
      dev.imagesmith.event.BuildLog log,
      java.util.function.Consumer<String> output)
      throws IOException {
    return runInside(
        sandbox, workingDirectory, command, environment, network, timeout, List.of(), log, output);
  }

  /** As above, with cache mounts bound for the command. */
  Ran runInside(
      Sandbox sandbox,
      String workingDirectory,
      String command,
      Map<String, String> environment,
      boolean network,
      Duration timeout,
      List<CacheBind> caches,
      dev.imagesmith.event.BuildLog log,
      java.util.function.Consumer<String> output)
      throws IOException {
    Isolation isolation = this.isolation.get();
    log.info("  inside the stage: " + isolation.describe());
    MetadataSync.Owners owners =
        isolation.holdsOwners()
            ? MetadataSync.Owners.MANIFEST
            : isolation.hostOwnersAreImageOwners()
                ? MetadataSync.Owners.HOST_IDS
                : MetadataSync.Owners.KEEP_RECORDED;
    IsolatedResult result = null;
    // No object the command makes may take a recorded one's freed inode number, and its record.
    try (Closeable pins = sandbox.pinRecordedInodes()) {
      MetadataSync.Projection projection = MetadataSync.project(sandbox, owners);
      try {
        result =
            isolation.run(
                new IsolatedCommand(
                    sandbox.root(),
                    workingDirectory,
                    command,
                    environment,
                    network,
                    timeout,
                    projection.ownersToGive().stream()
                        .map(o -> new OwnedPath(o.path(), o.uid(), o.gid(), o.mode(), o.symlink()))
                        .toList(),
                    caches),
                output);
      } finally {
        List<OwnerRecord> left =
            result == null
                ? List.of()
                : result.owners().stream()
                    .map(o -> new OwnerRecord(o.path(), o.uid(), o.gid(), o.mode(), o.symlink()))
                    .toList();
        MetadataSync.absorb(projection, left, HostIds.uid(), HostIds.gid());
      }
    }
    return new Ran(result, isolation);
  }

  /**
   * The command's environment: Debian's {@code PATH}, {@code HOME=/root}, the base image's {@code
   * Env}, the step's {@code environment}, each overriding the ones before.
   */
  static Map<String, String> environment(List<String> base, Map<String, String> step) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", DEFAULT_PATH);
    environment.put("HOME", "/root");
    for (String entry : base) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        environment.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    if (step != null) {
      environment.putAll(step);
    }
    return environment;
  }

  static void requireShell(Sandbox sandbox, String describe) throws IOException {
    Path shell = sandbox.resolve("/bin/sh").hostPath();
    if (!Files.isRegularFile(shell, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          describe
              + ": the stage has no /bin/sh, and a stage-isolated run step runs the stage's own"
              + " shell. Give the stage one in an earlier step (a base image, or a debian step"
              + " with dash or busybox), or run the step on the host with"
              + " "
              + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host"));
    }
  }

  /** What to try when a failure looks like something only the isolation forbids. */
  static String hint(Isolation isolation, Deque<String> tail) {
    String output = String.join("\n", tail);
    if (!isolation.holdsOwners()
        && !isolation.hostOwnersAreImageOwners()
        && (output.contains("chown") || output.contains("error setting ownership"))
        && (output.contains("Invalid argument") || output.contains("Operation not permitted"))) {
      return "\nOnly root exists inside this stage ("
          + isolation.name()
          + " maps one id), so a chown to another user fails rather than being lost. For other"
          + " users, install uidmap and give the user running Maven a range in /etc/subuid and"
          + " /etc/subgid (usermod --add-subuids 100000-165535 --add-subgids 100000-165535"
          + " USER), and let unshare run the step (-Dimage.isolation.mechanism=unshare)";
    }
    if (output.contains("mknod") && output.contains("Operation not permitted")) {
      return "\nA stage-isolated run step cannot make device nodes: the kernel refuses mknod in a"
          + " user namespace. An extract step can put device nodes into a layer";
    }
    return "";
  }

  private static String seconds(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
