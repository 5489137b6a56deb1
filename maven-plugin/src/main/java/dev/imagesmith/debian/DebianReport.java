package dev.imagesmith.debian;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a {@code debian} step did.
 *
 * @param installed the packages unpacked, sorted by name
 * @param maintainerScripts package name to the maintainer scripts (and triggers) it carries, which
 *     were NOT run; sorted by name
 * @param alreadyInstalled names the stage's dpkg status already had, skipped
 * @param skippedEssential Essential packages that dependencies named and that were not installed
 * @param fromLock whether the packages came from {@code image-debian.lock} (no resolution)
 * @param ranInStage whether the stage's own dpkg installed the packages, running their maintainer
 *     scripts and the triggers they set off (a {@code stage}-isolated stage); {@code false} when
 *     they were only unpacked
 * @param triggersProcessed the packages whose triggers dpkg processed while installing, name to
 *     version (those of the stage's earlier packages included, such as {@code libc-bin}'s {@code
 *     ldconfig}); empty unless {@code ranInStage}
 */
public record DebianReport(
    List<LockedPackage> installed,
    Map<String, List<String>> maintainerScripts,
    List<String> alreadyInstalled,
    List<String> skippedEssential,
    boolean fromLock,
    boolean ranInStage,
    Map<String, String> triggersProcessed) {
  /**
   * What dpkg would have run or processed while installing, in the order it would have: {@code
   * config} (debconf), {@code preinst}, {@code postinst}, {@code triggers}. {@code prerm} and
   * {@code postrm} are left out: dpkg does not run them on a first installation either.
   */
  private static final List<String> RUN_ON_INSTALL =
      List.of("config", "preinst", "postinst", "triggers");

  public DebianReport {
    installed = List.copyOf(installed);
    maintainerScripts =
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(maintainerScripts));
    alreadyInstalled = List.copyOf(alreadyInstalled);
    skippedEssential = List.copyOf(skippedEssential);
    triggersProcessed =
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(triggersProcessed));
  }

  /** A step whose packages were only unpacked: no script ran. */
  public DebianReport(
      List<LockedPackage> installed,
      Map<String, List<String>> maintainerScripts,
      List<String> alreadyInstalled,
      List<String> skippedEssential,
      boolean fromLock) {
    this(
        installed,
        maintainerScripts,
        alreadyInstalled,
        skippedEssential,
        fromLock,
        false,
        Map.of());
  }

  /** The same step, its packages installed by the stage's dpkg, which processed these triggers. */
  public DebianReport ranInStage(Map<String, String> triggers) {
    return new DebianReport(
        installed, maintainerScripts, alreadyInstalled, skippedEssential, fromLock, true, triggers);
  }

  /**
   * The installed packages whose installation-time maintainer scripts or triggers were NOT run,
   * sorted by name, each as {@code name=version (preinst, postinst, triggers)}: what may need a
   * manual fix (an alternatives symlink, a system user, the ldconfig cache). The same text goes to
   * the build log, image.json and the stage cache, so it must stay deterministic.
   */
  public List<String> scriptsNotRun() {
    if (ranInStage) {
      return List.of();
    }
    List<String> entries = new ArrayList<>();
    for (LockedPackage pkg :
        installed.stream().sorted(Comparator.comparing(LockedPackage::name)).toList()) {
      List<String> carried = maintainerScripts.getOrDefault(pkg.name(), List.of());
      List<String> notRun = RUN_ON_INSTALL.stream().filter(carried::contains).toList();
      if (!notRun.isEmpty()) {
        entries.add(pkg.name() + "=" + pkg.version() + " (" + String.join(", ", notRun) + ")");
      }
    }
    return List.copyOf(entries);
  }

  /**
   * What dpkg ran inside the stage, sorted by package name, each as {@code name=version (preinst,
   * postinst, triggers)}: the installation-time scripts of each package this step installed (dpkg
   * runs every one of them on a fresh install, or the step fails), and {@code triggers} for each
   * package whose triggers it processed. Empty unless {@link #ranInStage}. Deterministic, like
   * {@link #scriptsNotRun}.
   */
  public List<String> scriptsRun() {
    if (!ranInStage) {
      return List.of();
    }
    java.util.TreeMap<String, String> versions = new java.util.TreeMap<>(triggersProcessed);
    installed.forEach(pkg -> versions.put(pkg.name(), pkg.version()));
    List<String> entries = new ArrayList<>();
    versions.forEach(
        (name, version) -> {
          List<String> ran = new ArrayList<>();
          if (installed.stream().anyMatch(p -> p.name().equals(name))) {
            List<String> carried = maintainerScripts.getOrDefault(name, List.of());
            RUN_ON_INSTALL.stream()
                .filter(script -> !script.equals("triggers"))
                .filter(carried::contains)
                .forEach(ran::add);
          }
          if (triggersProcessed.containsKey(name)) {
            ran.add("triggers");
          }
          if (!ran.isEmpty()) {
            entries.add(name + "=" + version + " (" + String.join(", ", ran) + ")");
          }
        });
    return List.copyOf(entries);
  }
}
