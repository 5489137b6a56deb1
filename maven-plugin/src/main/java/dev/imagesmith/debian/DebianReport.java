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
 */
public record DebianReport(
    List<LockedPackage> installed,
    Map<String, List<String>> maintainerScripts,
    List<String> alreadyInstalled,
    List<String> skippedEssential,
    boolean fromLock) {
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
  }

  /**
   * The installed packages whose installation-time maintainer scripts or triggers were NOT run,
   * sorted by name, each as {@code name=version (preinst, postinst, triggers)}: what may need a
   * manual fix (an alternatives symlink, a system user, the ldconfig cache). The same text goes to
   * the build log, image.json and the stage cache, so it must stay deterministic.
   */
  public List<String> scriptsNotRun() {
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
}
