package dev.imagesmith.isolation;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses how stage-isolated run steps execute on this host: {@code unshare} where the kernel
 * allows unprivileged user namespaces, else {@code bwrap} (which needs them too, but may be allowed
 * where unshare is not, for example by an AppArmor profile of its own), else {@code proot} (ptrace,
 * no namespaces). Each is tried for real once per JVM; the first that works is used. When none
 * does, one error says what each refused and the ways out.
 *
 * <p>The property {@code image.isolation.mechanism} ({@code auto}, {@code unshare}, {@code bwrap},
 * {@code proot}) forces one; a forced mechanism that does not work is an error of its own.
 */
public final class IsolationProbe {
  /** The values of {@code image.isolation.mechanism}. */
  public static final List<String> MECHANISMS = List.of("auto", "unshare", "bwrap", "proot");

  static final String WAYS_OUT =
      "Ways out: allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1"
          + " and user.max_user_namespaces > 0; on Ubuntu 24.04 an AppArmor profile for the"
          + " program, or kernel.apparmor_restrict_unprivileged_userns=0), install bubblewrap or"
          + " proot (apt-get install bubblewrap proot uidmap), or run the stage's steps on the"
          + " host with "
          + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host");

  private static final Map<String, Isolation> CHOSEN = new ConcurrentHashMap<>();

  private IsolationProbe() {}

  /**
   * The mechanism for {@code requested} ({@code auto} or a name), probed on first use.
   *
   * @throws UserInputException for an unknown name
   * @throws IsolationRefusedException when the host refuses it (or, for {@code auto}, all)
   */
  public static Isolation choose(String requested) {
    String name = requested == null ? "auto" : requested.strip().toLowerCase(Locale.ROOT);
    if (!MECHANISMS.contains(name)) {
      throw new UserInputException(
          "image.isolation.mechanism '"
              + requested
              + "' is not one of "
              + String.join(", ", MECHANISMS));
    }
    return CHOSEN.computeIfAbsent(name, IsolationProbe::probe);
  }

  /**
   * unshare mapping root alone, what the probe falls back to for a plain user without an id range:
   * lets a test see that case on any host (root may write a one-id map too).
   */
  public static Isolation unshareWithOnlyRoot() {
    return new UnshareIsolation(IdMapping.single(HostIds.uid(), HostIds.gid()));
  }

  /**
   * Gives back to the Maven user a stage directory that a killed build left with files of other
   * owners (ids of the user's subordinate range, which the user cannot delete), using unshare with
   * the same map. Does nothing where no such map exists.
   *
   * @return whether a namespace with other ids than root ran over {@code stageRoot}
   */
  public static boolean reclaim(Path stageRoot) {
    try {
      long uid = HostIds.uid();
      long gid = HostIds.gid();
      Optional<IdMapping> mapping =
          uid == 0 ? Optional.of(IdMapping.root()) : subordinate(uid, gid);
      if (mapping.isEmpty() || !HostTools.missing(UnshareIsolation.TOOLS).isEmpty()) {
        return false;
      }
      new UnshareIsolation(mapping.get()).reclaim(stageRoot);
      return true;
    } catch (IOException | RuntimeException | Refused e) {
      return false;
    }
  }

  private static Isolation probe(String name) {
    List<String> refusals = new ArrayList<>();
    for (String candidate : name.equals("auto") ? MECHANISMS.subList(1, 4) : List.of(name)) {
      try {
        return switch (candidate) {
          case "unshare" -> unshare();
          case "bwrap" -> bwrap();
          default -> proot();
        };
      } catch (Refused refused) {
        refusals.add(candidate + ": " + refused.getMessage());
      }
    }
    throw new IsolationRefusedException(
        (name.equals("auto")
                ? "no way to run a step inside its stage works on this host"
                : "image.isolation.mechanism=" + name + " does not work on this host")
            + ":\n  "
            + String.join("\n  ", refusals)
            + "\n"
            + WAYS_OUT);
  }

  /** Why a mechanism cannot be used here. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static Isolation unshare() throws Refused {
    List<String> missing = HostTools.missing(UnshareIsolation.TOOLS);
    if (!missing.isEmpty()) {
      throw new Refused(
          "missing " + String.join(", ", missing) + " (packages util-linux, findutils)");
    }
    String umountHelp =
        output(List.of(HostTools.find("umount").orElseThrow().toString(), "--help"));
    if (!umountHelp.contains("--namespace")) {
      throw new Refused("umount has no --namespace option (util-linux 2.35 or later needed)");
    }
    long uid = HostIds.uid();
    long gid = HostIds.gid();
    List<IdMapping> mappings = new ArrayList<>();
    if (uid == 0) {
      mappings.add(IdMapping.root());
    } else {
      subordinate(uid, gid).ifPresent(mappings::add);
      mappings.add(IdMapping.single(uid, gid));
    }
    String failures = "";
    for (IdMapping mapping : mappings) {
      UnshareIsolation isolation = new UnshareIsolation(mapping);
      try {
        isolation.selfTest();
        return isolation;
      } catch (IOException | RuntimeException e) {
        failures += (failures.isEmpty() ? "" : "; ") + mapping.kind() + " map: " + describe(e);
      }
    }
    throw new Refused(failures);
  }

  /** An exception as one line: its message, or its kind and message where the message is bare. */
  private static String describe(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    return e instanceof java.nio.file.FileSystemException || message.isEmpty()
        ? e.getClass().getSimpleName() + " " + message
        : message;
  }

  private static Optional<IdMapping> subordinate(long uid, long gid) throws Refused {
    if (HostTools.find("newuidmap").isEmpty() || HostTools.find("newgidmap").isEmpty()) {
      return Optional.empty();
    }
    String user = System.getProperty("user.name");
    try {
      Optional<SubordinateIds.Range> uids =
          SubordinateIds.lookup(Path.of("/etc/subuid"), user, uid);
      Optional<SubordinateIds.Range> gids =
          SubordinateIds.lookup(Path.of("/etc/subgid"), user, gid);
      if (uids.isPresent() && gids.isPresent()) {
        return Optional.of(IdMapping.subordinate(uid, gid, uids.get(), gids.get()));
      }
    } catch (IOException e) {
      // unreadable: as if there were no range
    }
    return Optional.empty();
  }

  private static Isolation bwrap() throws Refused {
    Path bwrap =
        HostTools.find("bwrap")
            .orElseThrow(() -> new Refused("not installed (package bubblewrap)"));
    if (HostIds.uid() == 0) {
      throw new Refused(
          "not used when Maven runs as root: root inside would be the host's root, owner of the"
              + " device nodes bwrap binds");
    }
    List<String> argv = new ArrayList<>(List.of(bwrap.toString()));
    argv.addAll(BwrapIsolation.NAMESPACES);
    argv.addAll(List.of("--ro-bind", "/", "/"));
    argv.addAll(BwrapIsolation.KERNEL_FILES);
    argv.addAll(List.of("--", "/bin/true"));
    check(argv);
    return new BwrapIsolation(bwrap);
  }

  private static Isolation proot() throws Refused {
    Path proot =
        HostTools.find("proot").orElseThrow(() -> new Refused("not installed (package proot)"));
    check(List.of(proot.toString(), "-0", "-r", "/", "/bin/true"));
    return new ProotIsolation(proot, HostIds.uid() == 0);
  }

  /** Runs {@code argv}; refused with its output unless it exits with 0. */
  private static void check(List<String> argv) throws Refused {
    try {
      StringBuilder output = new StringBuilder();
      CommandProcess.Outcome outcome =
          CommandProcess.run(
              argv,
              UnshareIsolation.HOST_ENVIRONMENT,
              Path.of("/"),
              null,
              Duration.ofSeconds(30),
              line -> output.append(output.length() == 0 ? "" : " ").append(line),
              Process::destroyForcibly);
      if (outcome.exitCode() != 0) {
        throw new Refused(
            output.length() == 0 ? "exit code " + outcome.exitCode() : output.toString().strip());
      }
    } catch (IOException e) {
      throw new Refused(e.getMessage());
    }
  }

  private static String output(List<String> argv) throws Refused {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return text;
    } catch (IOException e) {
      throw new Refused(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("interrupted");
    }
  }
}
