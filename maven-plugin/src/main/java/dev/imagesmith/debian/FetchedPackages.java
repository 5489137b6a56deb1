package dev.imagesmith.debian;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@code debian} step is about to install: the packages the stage does not have yet, each
 * verified against its signed index (or the lock) and with its control member read, in name order.
 * Nothing of it is in the stage yet.
 *
 * @param alreadyInstalled requested or needed names that the stage's dpkg status already has
 * @param skippedEssential dependencies on Essential packages that were not followed
 * @param fromLock whether the packages came from {@code image-debian.lock}
 */
public record FetchedPackages(
    List<Fetched> packages,
    List<String> alreadyInstalled,
    List<String> skippedEssential,
    boolean fromLock) {
  public FetchedPackages {
    packages = List.copyOf(packages);
    alreadyInstalled = List.copyOf(alreadyInstalled);
    skippedEssential = List.copyOf(skippedEssential);
  }

  /**
   * One package.
   *
   * @param deb the verified {@code .deb} in the cache (read it, never hand it to anything that may
   *     write it)
   * @param contents its control member, maintainer scripts named
   */
  public record Fetched(LockedPackage locked, Path deb, DebFile contents) {
    /** {@code name version (pool/...deb)}: how messages name the package. */
    public String source() {
      return locked.name() + " " + locked.version() + " (" + locked.filename() + ")";
    }
  }

  /** The report of a step that installed these, with {@code scripts} by package name. */
  public DebianReport report(Map<String, List<String>> scripts) {
    return new DebianReport(
        packages.stream().map(Fetched::locked).toList(),
        scripts,
        alreadyInstalled,
        skippedEssential,
        fromLock);
  }
}
