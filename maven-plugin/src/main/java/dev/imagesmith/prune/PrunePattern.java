package dev.imagesmith.prune;

import dev.imagesmith.fs.SandboxEntry;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * One glob of a {@link PruneRule} and what it may remove. A matched directory is removed with
 * everything below it; a matched symlink is removed as a link (its target stays).
 *
 * @param glob the paths it names
 * @param keepDirectories if true, only non-directories match (apt's list directories stay)
 * @param besideDirectory if not null, an entry matches only when a directory of this name is its
 *     sibling (conda's {@code pkgs} beside {@code conda-meta})
 */
public record PrunePattern(Glob glob, boolean keepDirectories, String besideDirectory) {

  /** A pattern that removes whatever {@code glob} names. */
  public static PrunePattern of(Glob glob) {
    return new PrunePattern(glob, false, null);
  }

  public boolean matches(SandboxEntry entry) {
    if (keepDirectories && entry.isDirectory()) {
      return false;
    }
    if (!glob.matches(entry.path())) {
      return false;
    }
    // The sibling is inside the sandbox: the entry's host path came from a link-free walk.
    return besideDirectory == null
        || Files.isDirectory(
            entry.hostPath().resolveSibling(besideDirectory), LinkOption.NOFOLLOW_LINKS);
  }

  /** The glob with its conditions, for reports: {@code **}{@code /pkgs (beside conda-meta/)}. */
  @Override
  public String toString() {
    return glob.pattern()
        + (keepDirectories ? " (files and links only; directories kept)" : "")
        + (besideDirectory != null ? " (beside " + besideDirectory + "/)" : "");
  }
}
