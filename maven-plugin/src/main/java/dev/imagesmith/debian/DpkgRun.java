package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the stage's own {@code dpkg} installs a step's verified packages inside a stage-isolated
 * stage: the shell script it runs there, its fixed environment, and what its {@code --status-fd}
 * said afterwards. Nothing here runs anything; the {@code stage} package runs the script through
 * the stage's isolation.
 *
 * <p><strong>Order.</strong> In a stage that has dpkg, like apt: the packages are unpacked in
 * rounds, a package waiting for a round after the one that unpacks what it {@code Pre-Depends} on
 * (configured in between), and finally {@code dpkg --configure --pending} configures everything in
 * dpkg's own dependency order and processes the triggers. In a stage that gets dpkg from this very
 * step ({@link #bootstrap}), like debootstrap: the files were unpacked raw first so that a shell
 * and dpkg exist; then dpkg installs the core packages one by one ({@code base-passwd} for the
 * users and groups, {@code base-files}, {@code dpkg}, the C library), unpacks the rest and
 * configures everything, with {@code --force-depends} as debootstrap does, since dependencies are
 * configured in the same run.
 *
 * <p><strong>Options.</strong> {@code --force-unsafe-io} (the stage is a build directory: no fsync,
 * as Debian's container images configure), {@code --force-confdef --force-confold} (never a prompt:
 * the standard input is empty) and {@code --status-fd} into a file of the step's directory.
 */
public final class DpkgRun {
  /** The step's directory in the stage while it runs: the .debs, the script, the status. */
  public static final String DIRECTORY = "/.imagesmith-debian";

  /** The script's name in {@link #DIRECTORY}. */
  public static final String SCRIPT = "install.sh";

  /** The status-fd output's name in {@link #DIRECTORY}. */
  public static final String STATUS = "status-fd";

  /**
   * Debootstrap's core packages, installed one at a time before the rest when the stage had no
   * dpkg: users and groups first, so that later files get their owners, then the file system
   * layout, dpkg itself and the C library (named {@code libc6} on most architectures).
   */
  static final List<String> CORE =
      List.of("base-passwd", "base-files", "dpkg", "libc6", "libc6.1", "libc0.1", "libc0.3");

  private static final String OPTIONS =
      "--force-unsafe-io --force-confdef --force-confold --status-fd 3";

  private DpkgRun() {}

  /** The file name of {@code pkg}'s .deb in {@link #DIRECTORY}: {@code name_version_arch.deb}. */
  public static String fileName(LockedPackage pkg) {
    return (pkg.name() + "_" + pkg.version() + "_" + pkg.architecture() + ".deb")
        .replace(":", "%3a");
  }

  /**
   * The script that installs {@code packages} with the stage's dpkg.
   *
   * @param bootstrap the stage had no dpkg before this step: the packages' files were unpacked raw
   *     and dpkg installs them the way debootstrap does
   * @param installed what the stage's dpkg status has installed: satisfies {@code Pre-Depends}
   */
  public static String script(
      List<FetchedPackages.Fetched> packages, boolean bootstrap, InstalledPackages installed) {
    StringBuilder script =
        new StringBuilder(
            "#!/bin/sh\n"
                + "# imagesmith: the step's verified packages, installed by the stage's own"
                + " dpkg\n"
                + "set -e\n"
                + "d="
                + DIRECTORY
                + "\n"
                + "run() { dpkg "
                + OPTIONS
                + " \"$@\" 3>>\"$d/"
                + STATUS
                + "\"; }\n");
    if (bootstrap) {
      List<String> rest = new ArrayList<>();
      Map<String, FetchedPackages.Fetched> byName = new LinkedHashMap<>();
      packages.forEach(p -> byName.put(p.locked().name(), p));
      for (String core : CORE) {
        FetchedPackages.Fetched pkg = byName.remove(core);
        if (pkg != null) {
          script.append("run --force-depends --install ").append(path(pkg)).append('\n');
        }
      }
      byName.values().forEach(p -> rest.add(path(p)));
      if (!rest.isEmpty()) {
        script.append("run --force-depends --unpack ").append(String.join(" ", rest)).append('\n');
      }
      script.append("run --force-depends --force-configure-any --configure --pending\n");
      return script.toString();
    }
    for (List<FetchedPackages.Fetched> round : rounds(packages, installed)) {
      script
          .append("run --unpack ")
          .append(String.join(" ", round.stream().map(DpkgRun::path).toList()))
          .append('\n')
          .append("run --configure --pending\n");
    }
    return script.toString();
  }

  /**
   * The packages in unpack rounds: a package whose {@code Pre-Depends} name a package of this step
   * that is not unpacked and configured yet (and are not met by the stage already) waits for a
   * later round. Within a round, name order. A cycle puts what is left into one last round (dpkg
   * then says what it cannot do).
   */
  static List<List<FetchedPackages.Fetched>> rounds(
      List<FetchedPackages.Fetched> packages, InstalledPackages installed) {
    Map<String, FetchedPackages.Fetched> waiting = new TreeMap<>();
    packages.forEach(p -> waiting.put(p.locked().name(), p));
    Set<String> inStep = Set.copyOf(waiting.keySet());
    Set<String> configured = new TreeSet<>();
    List<List<FetchedPackages.Fetched>> rounds = new ArrayList<>();
    while (!waiting.isEmpty()) {
      List<FetchedPackages.Fetched> round = new ArrayList<>();
      for (FetchedPackages.Fetched pkg : waiting.values()) {
        if (ready(pkg, inStep, configured, installed)) {
          round.add(pkg);
        }
      }
      if (round.isEmpty()) {
        round.addAll(waiting.values());
      }
      round.forEach(p -> waiting.remove(p.locked().name()));
      round.forEach(p -> configured.add(p.locked().name()));
      rounds.add(List.copyOf(round));
    }
    return List.copyOf(rounds);
  }

  private static boolean ready(
      FetchedPackages.Fetched pkg,
      Set<String> inStep,
      Set<String> configured,
      InstalledPackages installed) {
    List<List<Relation>> groups;
    try {
      groups = Relation.parseField(field(pkg.contents().control(), "Pre-Depends"));
    } catch (IllegalArgumentException e) {
      return true; // dpkg reads the field itself and says what is wrong
    }
    for (List<Relation> group : groups) {
      // Met by the stage or an earlier round; a group naming nothing of the step is dpkg's to
      // judge.
      boolean met =
          group.stream()
                  .anyMatch(
                      r ->
                          configured.contains(r.name())
                              || installed.versions().containsKey(r.name()))
              || group.stream().noneMatch(r -> inStep.contains(r.name()));
      if (!met) {
        return false;
      }
    }
    return true;
  }

  /** One field of a control text, {@code null} when absent. */
  static String field(String control, String name) {
    Map<String, String> first = new LinkedHashMap<>();
    try {
      ControlParagraphs.read(
          new BufferedReader(new StringReader(control)),
          Set.of(name),
          p -> {
            if (first.isEmpty()) {
              first.putAll(p);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return first.get(name);
  }

  private static String path(FetchedPackages.Fetched pkg) {
    return "\"$d/" + fileName(pkg.locked()) + "\"";
  }

  /**
   * The fixed part of the script's environment, over {@code PATH}, {@code HOME} and the base
   * image's {@code Env}: no question asked (debconf's noninteractive frontend), the C locale, UTC,
   * and {@code SOURCE_DATE_EPOCH} at the build timestamp, which {@code useradd} and other tools
   * take as the current time.
   */
  public static Map<String, String> environment(long sourceDateEpoch) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DEBIAN_FRONTEND", "noninteractive");
    environment.put("DEBCONF_NONINTERACTIVE_SEEN", "true");
    environment.put("LC_ALL", "C");
    environment.put("TZ", "UTC");
    environment.put("SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch));
    return environment;
  }

  /**
   * What dpkg's {@code --status-fd} reported.
   *
   * @param triggersProcessed the packages (no architecture) whose triggers dpkg processed
   * @param errors package (or archive file) to dpkg's error message, in the order reported
   */
  public record Status(Set<String> triggersProcessed, Map<String, String> errors) {
    public Status {
      triggersProcessed = Set.copyOf(triggersProcessed);
      errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }
  }

  /**
   * Reads the status-fd lines: {@code processing: trigproc: libc-bin:amd64} and {@code status:
   * gcc-12 : error : installed gcc-12 package post-installation script subprocess returned error
   * exit status 1}.
   */
  public static Status readStatus(String text) {
    Set<String> triggered = new TreeSet<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("processing: trigproc: ")) {
        triggered.add(withoutArchitecture(line.substring("processing: trigproc: ".length())));
      } else if (line.startsWith("status: ")) {
        int error = line.indexOf(" : error : ");
        if (error > 0) {
          String what = line.substring("status: ".length(), error).strip();
          int slash = what.lastIndexOf('/');
          errors.putIfAbsent(
              withoutArchitecture(slash >= 0 ? what.substring(slash + 1) : what),
              line.substring(error + " : error : ".length()).strip());
        }
      }
    }
    return new Status(triggered, errors);
  }

  private static String withoutArchitecture(String name) {
    String trimmed = name.strip();
    int colon = trimmed.indexOf(':');
    return colon > 0 && !trimmed.endsWith(".deb") ? trimmed.substring(0, colon) : trimmed;
  }
}
