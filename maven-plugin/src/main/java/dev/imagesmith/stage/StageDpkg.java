package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianInstaller;
import dev.imagesmith.debian.DebianReport;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.DpkgDatabase;
import dev.imagesmith.debian.DpkgRun;
import dev.imagesmith.debian.DpkgTraces;
import dev.imagesmith.debian.FetchedPackages;
import dev.imagesmith.debian.InstalledPackages;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code debian} step of a stage with {@code <isolation>stage</isolation>}: the packages are
 * resolved, fetched and verified as on the host, then the stage's own {@code dpkg} installs them
 * inside the stage ({@link DpkgRun}), running their maintainer scripts ({@code preinst}, {@code
 * postinst configure}) and the triggers they set off, in dpkg's order. So {@code gcc} gets its
 * {@code /usr/bin/cc} alternative, {@code ldconfig} runs and system users are created, as on a
 * Debian machine.
 *
 * <p>A stage without dpkg gets it from the step itself, in debootstrap's order: the step must
 * install {@code dpkg} and a shell (the essential set, {@code <essential>true</essential>}); their
 * files are unpacked by the plugin first, then dpkg installs everything again, scripts and all.
 *
 * <p>The verified {@code .deb} files are copied into the stage for the step ({@value
 * DpkgRun#DIRECTORY}, removed afterwards; a copy, so the stage never writes the cache), and {@code
 * /usr/sbin/policy-rc.d} answers 101 while the step runs, so no maintainer script starts a service
 * (what debootstrap and Debian's image builds do). Afterwards the traces dpkg leaves that depend on
 * the day or the host are taken out ({@link DpkgTraces}); the scripts ran with {@code
 * SOURCE_DATE_EPOCH} at the build timestamp.
 */
final class StageDpkg {
  static final String POLICY_RC_D = "/usr/sbin/policy-rc.d";
  static final String POLICY_TEXT =
      "#!/bin/sh\n# imagesmith: no service starts while an image is built\nexit 101\n";
  private static final int TAIL_LINES = 30;

  private final DebianInstaller installer;
  private final IsolatedRunStep isolated;
  private final Instant timestamp;

  StageDpkg(DebianInstaller installer, IsolatedRunStep isolated, Instant timestamp) {
    this.installer = installer;
    this.isolated = isolated;
    this.timestamp = timestamp;
  }

  StepOutcome install(DebianRequest request, StepSpec.Debian step, StepContext context)
      throws IOException {
    Sandbox sandbox = context.sandbox();
    String describe = context.describe(step, "debian");
    FetchedPackages fetched = installer.fetch(request, sandbox, context.log());
    Map<String, List<String>> scripts = new TreeMap<>();
    fetched
        .packages()
        .forEach(
            p -> {
              if (!p.contents().scripts().isEmpty()) {
                scripts.put(p.locked().name(), p.contents().scripts());
              }
            });
    DebianReport report = fetched.report(scripts);
    if (fetched.packages().isEmpty()) {
      report = report.ranInStage(Map.of());
      DebianInstaller.logReport(report, context.log());
      return StepOutcome.debian(report, List.of(), List.of());
    }
    InstalledPackages before = DpkgDatabase.read(sandbox).installed();
    boolean bootstrap = !hasDpkg(sandbox, before);
    if (bootstrap) {
      bootstrap(fetched, sandbox, describe, request.where(), context);
    }
    IsolatedRunStep.requireShell(sandbox, describe);

    Map<String, String> triggers = run(fetched, bootstrap, before, sandbox, describe, context);

    List<String> tidied = DpkgTraces.tidy(sandbox, timestamp.getEpochSecond());
    if (!tidied.isEmpty()) {
      context.log().debug("  removed or normalised: " + String.join(", ", tidied));
    }
    report = report.ranInStage(triggers);
    DebianInstaller.logReport(report, context.log());
    return StepOutcome.debian(report, List.of(), report.scriptsRun());
  }

  /** Whether the stage's dpkg status says dpkg is installed and its program is there. */
  private static boolean hasDpkg(Sandbox sandbox, InstalledPackages installed) throws IOException {
    return installed.versions().containsKey("dpkg")
        && Files.isRegularFile(sandbox.resolve("/usr/bin/dpkg").hostPath());
  }

  /** Debootstrap's first stage: the files of every package, raw, so dpkg and a shell exist. */
  private void bootstrap(
      FetchedPackages fetched, Sandbox sandbox, String describe, String where, StepContext context)
      throws IOException {
    boolean bringsDpkg =
        fetched.packages().stream().anyMatch(p -> p.locked().name().equals("dpkg"));
    if (!bringsDpkg) {
      throw new UserInputException(
          describe
              + ": this stage runs its steps inside itself ("
              + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "stage")
              + "), where"
              + " the stage's own dpkg installs packages and runs their maintainer scripts, but"
              + " the stage has no dpkg and this step does not install it. Start the stage from a"
              + " Debian base image ("
              + ConfigPaths.POM.from()
              + "), or let its first debian step install the essential set with "
              + ConfigPaths.written(ConfigPaths.POM.debian().essential(), "true")
              + " (dpkg, a shell and the tools maintainer"
              + " scripts use; the step then installs them in debootstrap's order), or unpack"
              + " packages without running their scripts with "
              + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host"));
    }
    context
        .log()
        .info(
            "  the stage has no dpkg yet: unpacking "
                + fetched.packages().size()
                + " packages first, then the stage's dpkg installs them (debootstrap's order)");
    for (FetchedPackages.Fetched pkg : fetched.packages()) {
      installer.unpackFiles(pkg, sandbox, where);
    }
    DpkgDatabase.prepareForDpkg(sandbox);
    Path shell = sandbox.resolve("/bin/sh").hostPath();
    if (!Files.isRegularFile(shell, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          describe
              + ": the packages of this step give the stage dpkg but no /bin/sh, which dpkg and"
              + " every maintainer script need. Add a shell to the step (dash, or"
              + " "
              + ConfigPaths.written(ConfigPaths.POM.debian().essential(), "true")
              + " for the whole essential set)");
    }
  }

  /**
   * Copies the packages and the script into the stage, runs the script inside it, and takes both
   * out again.
   *
   * @return the packages whose triggers dpkg processed, name to installed version
   */
  private Map<String, String> run(
      FetchedPackages fetched,
      boolean bootstrap,
      InstalledPackages before,
      Sandbox sandbox,
      String describe,
      StepContext context)
      throws IOException {
    sandbox.delete(DpkgRun.DIRECTORY);
    Path directory = sandbox.resolveEntry(DpkgRun.DIRECTORY).hostPath();
    Files.createDirectory(directory);
    Files.setPosixFilePermissions(directory, HostFiles.permissions(0755));
    boolean policy = false;
    Deque<String> tail = new ArrayDeque<>();
    IsolatedRunStep.Ran ran;
    String status;
    try {
      for (FetchedPackages.Fetched pkg : fetched.packages()) {
        Files.copy(pkg.deb(), directory.resolve(DpkgRun.fileName(pkg.locked())));
      }
      Path script = directory.resolve(DpkgRun.SCRIPT);
      Files.writeString(script, DpkgRun.script(fetched.packages(), bootstrap, before));
      Files.setPosixFilePermissions(script, HostFiles.permissions(0755));
      policy = writePolicy(sandbox);
      Map<String, String> environment =
          new LinkedHashMap<>(IsolatedRunStep.environment(context.baseEnvironment(), null));
      environment.putAll(DpkgRun.environment(timestamp.getEpochSecond()));
      ran =
          isolated.runInside(
              sandbox,
              "/",
              "/bin/sh " + DpkgRun.DIRECTORY + "/" + DpkgRun.SCRIPT,
              environment,
              true,
              null,
              context.log(),
              line -> {
                context.log().commandOutput(line);
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                  tail.removeFirst();
                }
              });
      status = readStatus(sandbox);
    } finally {
      sandbox.delete(DpkgRun.DIRECTORY);
      if (policy) {
        removePolicy(sandbox);
      }
    }
    DpkgRun.Status reported = DpkgRun.readStatus(status);
    if (ran.result().exitCode() != 0) {
      throw new UserInputException(
          failure(describe, ran.result().exitCode(), reported, tail)
              + IsolatedRunStep.hint(ran.isolation(), tail));
    }
    InstalledPackages after = DpkgDatabase.read(sandbox).installed();
    for (FetchedPackages.Fetched pkg : fetched.packages()) {
      String version = after.versions().get(pkg.locked().name());
      if (!pkg.locked().version().equals(version)) {
        throw new UserInputException(
            describe
                + ": dpkg finished, but the stage's dpkg status does not have "
                + pkg.locked().name()
                + " "
                + pkg.locked().version()
                + " installed"
                + (version == null ? "" : " (it has " + version + ")")
                + "; the output of dpkg is above");
      }
    }
    Map<String, String> triggers = new TreeMap<>();
    for (String name : reported.triggersProcessed()) {
      triggers.put(name, after.versions().getOrDefault(name, "?"));
    }
    return triggers;
  }

  /** One message: which package failed, what dpkg said, and the last lines of its output. */
  static String failure(String describe, int exitCode, DpkgRun.Status status, Deque<String> tail) {
    StringBuilder message = new StringBuilder(describe);
    if (status.errors().isEmpty()) {
      message.append(": the stage's dpkg failed (exit code ").append(exitCode).append(')');
    } else {
      message.append(": the stage's dpkg could not install ");
      List<String> parts =
          status.errors().entrySet().stream()
              .map(e -> "package " + e.getKey() + " (" + e.getValue() + ")")
              .toList();
      message.append(String.join("; ", parts));
    }
    if (tail.isEmpty()) {
      message.append("\n(dpkg printed nothing)");
    } else {
      message.append("\nlast ").append(tail.size()).append(" lines of output:");
      tail.forEach(line -> message.append("\n  ").append(line));
    }
    return message.toString();
  }

  private static String readStatus(Sandbox sandbox) throws IOException {
    Path file = sandbox.resolveEntry(DpkgRun.DIRECTORY + "/" + DpkgRun.STATUS).hostPath();
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return "";
    }
    if (Files.size(file) > (16 << 20)) {
      throw new IOException("dpkg's status output " + file + " is larger than 16 MiB");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Writes policy-rc.d when the stage has a {@code /usr/sbin} and no policy of its own. */
  private static boolean writePolicy(Sandbox sandbox) throws IOException {
    Sandbox.Resolved entry = sandbox.resolveEntry(POLICY_RC_D);
    Path host = entry.hostPath();
    if (!Files.isDirectory(host.getParent(), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Files.writeString(host, POLICY_TEXT);
    Files.setPosixFilePermissions(host, HostFiles.permissions(0755));
    return true;
  }

  /** Removes our policy-rc.d, unless a package replaced it with its own. */
  private static void removePolicy(Sandbox sandbox) throws IOException {
    Sandbox.Resolved entry = sandbox.resolveEntry(POLICY_RC_D);
    Path host = entry.hostPath();
    if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)
        && Files.size(host) == POLICY_TEXT.length()
        && Files.readString(host).equals(POLICY_TEXT)) {
      sandbox.delete(entry.imagePath());
    }
  }
}
