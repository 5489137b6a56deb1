package dev.imagesmith.debian;

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
  public DebianReport {
    installed = List.copyOf(installed);
    maintainerScripts =
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(maintainerScripts));
    alreadyInstalled = List.copyOf(alreadyInstalled);
    skippedEssential = List.copyOf(skippedEssential);
  }
}
