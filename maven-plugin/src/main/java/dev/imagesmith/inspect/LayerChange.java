package dev.imagesmith.inspect;

import dev.imagesmith.fs.FileType;

/**
 * What one layer did at one path, relative to the layers below it: the per-layer view of {@code
 * dive}. Recorded while the layer is applied (the lookup that places an entry already says what was
 * there), so it costs one small record per entry that changes something.
 *
 * <p>A directory entry that repeats a lower directory with the same mode and owner is not a change:
 * layers carry their parents' entries, and marking them all would bury the real changes.
 *
 * @param path where it landed (clean, in-root resolved)
 * @param kind added, changed or removed
 * @param type what the layer put there, or, for a removal, what was removed
 * @param size bytes the entry ships (a regular file's length, else 0); for a removal, the bytes of
 *     the regular files it hid, at the path and below
 */
public record LayerChange(String path, Kind kind, FileType type, long size) {
  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }

  /** How a path changed. */
  public enum Kind {
    /** Nothing lay at the path before (nor anything below it, for a directory). */
    ADDED,
    /** Something lay there and the layer replaced it (or, for a directory, its mode or owner). */
    CHANGED,
    /** A whiteout, an opaque directory or a replaced parent hid what lay there. */
    REMOVED
  }
}
