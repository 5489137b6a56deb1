package dev.imagesmith.inspect;

/**
 * Counts for one layer.
 *
 * @param entries tar entries that are not whiteouts
 * @param fileBytes bytes of the regular files it stores
 * @param whiteouts whiteout entries (deletions of lower content)
 */
public record LayerStats(
    int index, String description, boolean added, int entries, long fileBytes, int whiteouts) {}
