package dev.imagesmith.inspect;

import java.util.List;

/**
 * Counts for one layer, and what it changed.
 *
 * @param entries tar entries that are not whiteouts
 * @param fileBytes bytes of the regular files it stores
 * @param whiteouts whiteout entries (deletions of lower content)
 * @param changes what it added, changed and removed, sorted by path
 */
public record LayerStats(
    int index,
    String description,
    boolean added,
    int entries,
    long fileBytes,
    int whiteouts,
    List<LayerChange> changes) {
  public LayerStats {
    changes = List.copyOf(changes);
  }
}
