package dev.imagesmith.isolation;

import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * proot (package {@code proot}): no namespaces, so it works where the kernel refuses them (Ubuntu
 * 24.04's AppArmor restriction, some CI containers). It traces the command with ptrace and rewrites
 * every path it uses so that the stage is {@code /}, and pretends root ({@code -0}).
 *
 * <p>What it does not give, said in the build log and on the site: the view is made by a tracer in
 * user space, not enforced by the kernel, so treat the command as trusted; {@code /proc} is the
 * host's (host processes are visible); the network cannot be cut; a {@code chown} to another user
 * and a {@code mknod} only pretend to succeed when Maven does not run as root (proot fakes them),
 * so such owners and device nodes are not kept. When Maven runs as root they are real, and the
 * plugin records them and takes them back like under unshare.
 *
 * <p>proot waits for every traced process, daemons included. So the command runs under a small
 * wrapper that writes its exit status into a directory of the run directory bound at {@code
 * /dev/.imagesmith-exit}; once that status is there, the plugin kills every process proot still
 * traces, found by {@code TracerPid} in {@code /proc}, and the status is the step's.
 */
final class ProotIsolation implements Isolation {
  private static final List<String> DEVICES =
      List.of("null", "zero", "full", "random", "urandom", "tty");

  private final Path proot;
  private final Path setsid;
  private final boolean root;
  private final Path emulator;

  ProotIsolation(Path proot, boolean root) {
    this(proot, root, null);
  }

  /**
   * @param emulator a user-mode emulator ({@code qemu-aarch64-static}) that runs every program of
   *     the stage ({@code proot -q}), {@code null} for programs of the host's architecture
   */
  ProotIsolation(Path proot, boolean root, Path emulator) {
    this.proot = proot;
    this.setsid = HostTools.find("setsid").orElse(Path.of("/usr/bin/setsid"));
    this.root = root;
    this.emulator = emulator;
  }

  @Override
  public String name() {
    return "proot";
  }

  @Override
  public String describe() {
    return "proot (ptrace, no namespaces: the host's processes are visible"
        + (root ? "" : ", chown to other users and mknod are faked and not kept")
        + (emulator == null ? "" : "; every program emulated by " + emulator.getFileName())
        + ")";
  }

  @Override
  public boolean holdsOwners() {
    return false;
  }

  @Override
  public boolean hostOwnersAreImageOwners() {
    return root;
  }

  @Override
  public IsolatedResult run(IsolatedCommand command, Consumer<String> output) throws IOException {
    if (!command.network()) {
      throw new IsolationRefusedException(
          ConfigPaths.written(ConfigPaths.POM.steps().network(), "none")
              + " needs a network namespace, which proot cannot make (it is the"
              + " fallback where the kernel refuses namespaces). Remove "
              + ConfigPaths.written(ConfigPaths.POM.steps().network(), "none")
              + ","
              + " or let unshare or bwrap run the step: "
              + IsolationProbe.WAYS_OUT);
    }
    try (RunDirectory run = RunDirectory.forCommand(command)) {
      Path shm = Files.createDirectory(run.resolve("shm"));
      List<String> argv = new ArrayList<>();
      argv.addAll(List.of(setsid.toString(), proot.toString(), "-0"));
      if (emulator != null) {
        argv.addAll(List.of("-q", emulator.toString()));
      }
      argv.addAll(List.of("-r", command.stageRoot().toAbsolutePath().toString()));
      argv.addAll(List.of("-w", command.workingDirectory()));
      argv.addAll(List.of("-b", "/proc", "-b", shm + ":/dev/shm"));
      for (String device : DEVICES) {
        argv.addAll(List.of("-b", "/dev/" + device));
      }
      argv.addAll(List.of("-b", "/proc/self/fd:/dev/fd"));
      for (String file : new String[] {"resolv.conf", "hosts"}) {
        if (run.has(file)) {
          argv.addAll(List.of("-b", run.resolve(file) + ":/etc/" + file));
        }
      }
      for (CacheBind cache : command.caches()) {
        if (cache.source().toAbsolutePath().toString().contains(":")
            || cache.target().contains(":")) {
          throw new dev.imagesmith.error.UserInputException(
              "proot names a binding HOST:STAGE, so it cannot mount the cache "
                  + cache.source()
                  + " at "
                  + cache.target()
                  + ": one of them has a ':'. Choose a "
                  + ConfigPaths.POM.steps().cacheTarget()
                  + " and a cache directory without one");
        }
        argv.addAll(List.of("-b", cache.source().toAbsolutePath() + ":" + cache.target()));
      }
      Path exit = Files.createDirectory(run.resolve("exit"));
      argv.addAll(List.of("-b", exit + ":/dev/.imagesmith-exit"));
      argv.addAll(
          List.of(
              "/bin/sh",
              "-c",
              "/bin/sh -c \"$1\"; status=$?; echo $status > /dev/.imagesmith-exit/status;"
                  + " exit $status",
              "sh",
              command.command()));
      EnvironmentPairs.of(command.environment());
      Path status = exit.resolve("status");
      CommandProcess.Outcome outcome =
          CommandProcess.run(
              argv,
              command.environment(),
              run.path(),
              null,
              command.timeout(),
              output,
              ProotIsolation::killTree,
              process -> whenCommandEnds(process, status));
      int exitCode = outcome.exitCode();
      String written = Files.exists(status) ? Files.readString(status) : "";
      if (!outcome.timedOut() && written.endsWith("\n")) {
        exitCode = Integer.parseInt(written.strip());
      }
      return new IsolatedResult(exitCode, outcome.timedOut(), List.of());
    }
  }

  /** Once the wrapper wrote the command's status, whatever the command left running is killed. */
  private static void whenCommandEnds(Process process, Path status) {
    while (process.isAlive()) {
      if (written(status)) {
        killTracees(process.pid());
        return;
      }
      sleep(20);
    }
  }

  /** Whether the wrapper wrote the whole status line (it may be killed halfway otherwise). */
  private static boolean written(Path status) {
    try {
      return Files.exists(status) && Files.readString(status).endsWith("\n");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void killTree(Process process) {
    killTracees(process.pid());
    process.destroyForcibly();
    killTracees(process.pid());
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills every process {@code tracer} traces, until none is left. */
  static void killTracees(long tracer) {
    for (int round = 0; round < 100; round++) {
      List<ProcessHandle> tracees = TracedProcesses.of(tracer);
      if (tracees.isEmpty()) {
        return;
      }
      tracees.forEach(ProcessHandle::destroyForcibly);
      sleep(10);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
