package dev.imagesmith.isolation;

import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * User, mount, PID (and, for {@code <network>none</network>}, network) namespaces made with
 * util-linux's {@code unshare}, which every Debian has, driven by three small scripts of this
 * package:
 *
 * <ol>
 *   <li>{@code handshake.sh} runs in the new user namespace, before it has a map; the plugin writes
 *       the map ({@link IdMapping}) from outside and lets it go on;
 *   <li>{@code pid1.sh}, PID 1 of a new PID namespace, still seeing the host: gives files their
 *       recorded owners, starts the next script, unmounts the host from it, and after the command
 *       kills every process left, then records and takes back owners other than root (in the cache
 *       mounts too, where they are not recorded);
 *   <li>{@code stage.sh}, in a mount namespace of its own: mounts {@code /proc}, {@code /dev},
 *       {@code resolv.conf}, {@code hosts} and the cache mounts over the stage, starts the
 *       command's shell with a container's capabilities (no {@code CAP_SYS_ADMIN}, {@code
 *       CAP_SYS_PTRACE} or {@code CAP_SYS_CHROOT}), no new privileges and its own session, and
 *       moves that shell's root into the stage with {@code pivot_root}.
 * </ol>
 *
 * <p>The command's shell is the stage's {@code /bin/sh}, started by the host's {@code /bin/sh}
 * after the host was unmounted. The helpers above it keep all their capabilities, so the command,
 * having fewer, cannot read their {@code /proc/PID/root} or trace them.
 */
final class UnshareIsolation implements Isolation {
  static final List<String> TOOLS =
      List.of(
          "unshare",
          "setpriv",
          "setsid",
          "pivot_root",
          "mount",
          "umount",
          "mkfifo",
          "find",
          "xargs",
          "chown",
          "chmod");

  /** The helpers' environment; the command's own travels as arguments to its shell. */
  static final Map<String, String> HOST_ENVIRONMENT =
      Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C");

  private final IdMapping mapping;
  private final Path unshare;
  private final Path newuidmap;
  private final Path newgidmap;

  UnshareIsolation(IdMapping mapping) {
    this.mapping = mapping;
    this.unshare = HostTools.find("unshare").orElse(Path.of("/usr/bin/unshare"));
    this.newuidmap = HostTools.find("newuidmap").orElse(null);
    this.newgidmap = HostTools.find("newgidmap").orElse(null);
  }

  @Override
  public String name() {
    return "unshare";
  }

  @Override
  public String describe() {
    return "unshare (user, mount and PID namespaces; " + mapping.describe() + ")";
  }

  @Override
  public boolean holdsOwners() {
    return mapping.holdsOwners();
  }

  @Override
  public boolean hostOwnersAreImageOwners() {
    return false;
  }

  @Override
  public IsolatedResult run(IsolatedCommand command, Consumer<String> output) throws IOException {
    try (RunDirectory run = RunDirectory.forCommand(command)) {
      run.script("stage.sh");
      run.writeCaches(command.caches());
      if (mapping.holdsOwners()) {
        run.writeOwners(command.owners());
        run.mark("collect-owners");
      }
      if (!command.network()) {
        run.mark("network-none");
      }
      List<String> argv = argv(run, "run", command, !command.network());
      // Killed (timeout, interrupt, JVM shutdown: then from the shutdown hook, which the JVM waits
      // for), PID 1 never takes the owners back: the killer does, once.
      AtomicBoolean killed = new AtomicBoolean();
      CommandProcess.Outcome outcome =
          CommandProcess.run(
              argv,
              HOST_ENVIRONMENT,
              run.path(),
              this::handshake,
              command.timeout(),
              output,
              process -> {
                if (killed.compareAndSet(false, true)) {
                  killTree(process);
                  reclaimQuietly(command.stageRoot());
                  command.caches().forEach(cache -> reclaimQuietly(cache.source()));
                }
              });
      if (!run.has("started") && !killed.get() && outcome.exitCode() != 0) {
        throw new IsolationRefusedException(
            "unshare could not set the stage up (exit code "
                + outcome.exitCode()
                + "); its output is above. Force another mechanism with"
                + " -Dimage.isolation.mechanism=bwrap or proot, or run the stage's steps on the"
                + " host with "
                + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host"));
      }
      List<OwnedPath> owners = killed.get() ? List.of() : run.readManifest();
      return new IsolatedResult(outcome.exitCode(), outcome.timedOut(), owners);
    }
  }

  /**
   * Makes the namespaces once with this map and runs {@code /bin/true} in them.
   *
   * @throws IOException with what the host refused
   */
  void selfTest() throws IOException {
    Path directory = java.nio.file.Files.createTempDirectory("imagesmith-probe-");
    try {
      StringBuilder output = new StringBuilder();
      CommandProcess.Outcome outcome =
          CommandProcess.run(
              List.of(
                  unshare.toString(),
                  "--user",
                  "--",
                  "/bin/sh",
                  script(directory, "handshake.sh"),
                  unshare.toString(),
                  "--pid",
                  "--fork",
                  "--kill-child",
                  "--mount",
                  "--mount-proc",
                  "--",
                  "/bin/true"),
              HOST_ENVIRONMENT,
              directory,
              this::handshake,
              Duration.ofSeconds(30),
              line -> output.append(output.length() == 0 ? "" : " ").append(line),
              UnshareIsolation::killTree);
      if (outcome.exitCode() != 0) {
        throw new IOException(
            output.length() == 0 ? "exit code " + outcome.exitCode() : output.toString());
      }
    } finally {
      dev.imagesmith.io.HostFiles.deleteTree(directory);
    }
  }

  private static String script(Path directory, String name) throws IOException {
    Path target = directory.resolve(name);
    try (var in = UnshareIsolation.class.getResourceAsStream(name)) {
      java.nio.file.Files.copy(in, target);
    }
    return target.toString();
  }

  /**
   * The whole chain: {@code unshare --user} running handshake.sh, which execs {@code unshare} of
   * the PID, mount (and network) namespaces running pid1.sh.
   */
  private List<String> argv(
      RunDirectory run, String mode, IsolatedCommand command, boolean noNetwork)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(unshare.toString(), "--user", "--", "/bin/sh"));
    argv.add(run.script("handshake.sh").toString());
    argv.addAll(
        List.of(unshare.toString(), "--pid", "--fork", "--kill-child", "--mount", "--mount-proc"));
    if (noNetwork) {
      argv.add("--net");
    }
    argv.addAll(List.of("--", "/bin/sh", run.script("pid1.sh").toString()));
    argv.addAll(
        List.of(mode, command.stageRoot().toAbsolutePath().toString(), run.path().toString()));
    if (mode.equals("run")) {
      argv.addAll(List.of(command.workingDirectory(), command.command()));
      argv.addAll(EnvironmentPairs.of(command.environment()));
    }
    return argv;
  }

  private void handshake(Process process, String firstLine, OutputStream stdin) throws IOException {
    if (!"imagesmith-ready".equals(firstLine)) {
      throw new IsolationRefusedException(
          "unshare could not make a user namespace: "
              + (firstLine == null ? "it printed nothing" : firstLine)
              + ". "
              + IsolationProbe.WAYS_OUT);
    }
    mapping.apply(process.pid(), newuidmap, newgidmap);
    stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
    stdin.flush();
  }

  /**
   * Kills the outer {@code unshare}; {@code --kill-child} then kills PID 1 of the namespace, and
   * the kernel every process in it.
   */
  private static void killTree(Process process) {
    CommandProcess.killAndWait(process);
  }

  private void reclaimQuietly(Path stageRoot) {
    try {
      reclaim(stageRoot);
    } catch (IOException | RuntimeException e) {
      // the stage is unfit anyway; the next build reclaims it before deleting (StageBuilder)
    }
  }

  /**
   * Gives every object of {@code stageRoot} owned by another id than root back to root, in a
   * namespace with this map: after a kill, pid1.sh never did, and the Maven user could not delete
   * the stage. Does nothing with a map of root alone.
   */
  void reclaim(Path stageRoot) throws IOException {
    if (!mapping.holdsOwners()) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try (RunDirectory run = RunDirectory.create(stageRoot)) {
      run.mark("collect-owners");
      IsolatedCommand nothing =
          new IsolatedCommand(stageRoot, "/", "", Map.of(), true, null, List.of());
      CommandProcess.run(
          argv(run, "reclaim", nothing, false),
          HOST_ENVIRONMENT,
          run.path(),
          this::handshake,
          Duration.ofMinutes(5),
          line -> {},
          UnshareIsolation::killTree);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
