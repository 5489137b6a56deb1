package dev.imagesmith.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * bubblewrap ({@code bwrap}, package {@code bubblewrap}): user, mount, PID, IPC and UTS namespaces
 * in one program, which binds the stage as {@code /}, mounts {@code /proc} and a {@code /dev} of
 * its own, sets no new privileges and a new session, and keeps a container's capabilities (no
 * {@code CAP_SYS_ADMIN}, {@code CAP_SYS_PTRACE} or {@code CAP_SYS_CHROOT}).
 *
 * <p>bwrap maps a single id (root inside is the Maven user), so a {@code chown} to another user
 * fails inside. It is refused when Maven runs as root: root inside would then be the host's root,
 * owner of the host's device nodes bwrap binds into {@code /dev}, and could chmod them.
 */
final class BwrapIsolation implements Isolation {
  /** A container runtime's default capabilities (Docker's), all of them in the namespace only. */
  static final List<String> CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_RAW",
          "CAP_MKNOD",
          "CAP_AUDIT_WRITE",
          "CAP_SETFCAP");

  /**
   * Root in a user namespace of its own and a PID namespace: what the probe tries, and every run.
   */
  static final List<String> NAMESPACES =
      List.of("--unshare-user", "--uid", "0", "--gid", "0", "--unshare-pid");

  /** The stage's own /proc and a minimal /dev, after its root is bound at /. */
  static final List<String> KERNEL_FILES = List.of("--proc", "/proc", "--dev", "/dev");

  private final Path bwrap;

  BwrapIsolation(Path bwrap) {
    this.bwrap = bwrap;
  }

  @Override
  public String name() {
    return "bwrap";
  }

  @Override
  public String describe() {
    return "bwrap (user, mount, PID, IPC and UTS namespaces; only root mapped: chown to other"
        + " users fails)";
  }

  @Override
  public boolean holdsOwners() {
    return false;
  }

  @Override
  public boolean hostOwnersAreImageOwners() {
    return false;
  }

  @Override
  public IsolatedResult run(IsolatedCommand command, Consumer<String> output) throws IOException {
    try (RunDirectory run = RunDirectory.forCommand(command)) {
      List<String> argv = new ArrayList<>();
      // bwrap writes the command's pid to --info-fd once the sandbox is set up: without it, a
      // failure is bwrap's, not the command's.
      argv.addAll(
          List.of(
              "/bin/sh",
              "-c",
              "info=$1; shift; exec \"$@\" 3>\"$info\"",
              "sh",
              run.resolve("info").toString()));
      argv.addAll(List.of(bwrap.toString(), "--info-fd", "3"));
      argv.addAll(NAMESPACES);
      argv.addAll(
          List.of(
              "--unshare-ipc",
              "--unshare-uts",
              "--unshare-cgroup-try",
              "--die-with-parent",
              "--new-session"));
      if (!command.network()) {
        argv.add("--unshare-net");
      }
      argv.addAll(List.of("--bind", command.stageRoot().toAbsolutePath().toString(), "/"));
      argv.addAll(KERNEL_FILES);
      for (String file : new String[] {"resolv.conf", "hosts"}) {
        if (run.has(file)) {
          argv.addAll(List.of("--ro-bind", run.resolve(file).toString(), "/etc/" + file));
        }
      }
      for (CacheBind cache : command.caches()) {
        // The target has no symlink component (StageMounts checked): bwrap cannot be led out.
        argv.addAll(List.of("--bind", cache.source().toAbsolutePath().toString(), cache.target()));
      }
      argv.addAll(List.of("--chdir", command.workingDirectory(), "--cap-drop", "ALL"));
      for (String capability : CAPABILITIES) {
        argv.addAll(List.of("--cap-add", capability));
      }
      argv.add("--clearenv");
      for (Map.Entry<String, String> variable : new TreeMap<>(command.environment()).entrySet()) {
        argv.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
      }
      EnvironmentPairs.of(command.environment()); // the same names as under the other mechanisms
      argv.addAll(List.of("--", "/bin/sh", "-c", command.command()));
      CommandProcess.Outcome outcome =
          CommandProcess.run(
              argv,
              UnshareIsolation.HOST_ENVIRONMENT,
              run.path(),
              null,
              command.timeout(),
              output,
              // --die-with-parent: bwrap's death kills the namespace's first process, the kernel
              // the rest
              CommandProcess::killAndWait);
      if (!outcome.timedOut()
          && outcome.exitCode() != 0
          && (!run.has("info") || java.nio.file.Files.size(run.resolve("info")) == 0)) {
        throw new IsolationRefusedException(
            "bwrap could not set the stage up (exit code "
                + outcome.exitCode()
                + "); its output is above. "
                + IsolationProbe.WAYS_OUT);
      }
      return new IsolatedResult(outcome.exitCode(), outcome.timedOut(), List.of());
    }
  }
}
