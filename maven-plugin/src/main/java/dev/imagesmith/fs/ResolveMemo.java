package dev.imagesmith.fs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parent directories already resolved during one extraction, so that the thousands of entries below
 * one directory do not each expand the same chain of symlinks again (a chain of 250 links above
 * 5,000 files cost 250 lookups per file, R7/M3).
 *
 * <p>A resolution changes only when a symlink appears or disappears on its way: components that are
 * missing, directories or regular files all resolve as plain components. So the writer that owns
 * the memo calls {@link #forget} whenever it creates a symlink (a hardlink to a symlink included)
 * and whenever it removes a symlink or a directory (which may hold symlinks); creating files and
 * directories, and removing regular files, keep it. This is what keeps a cached resolution from
 * outliving a later entry that replaces a component (security-cases.md P18).
 *
 * <p>Valid only while its writer is the sandbox's only writer; never kept beyond one extraction.
 */
public final class ResolveMemo {
  /** Plenty for the directories of one archive; a bigger one only starts over. */
  static final int MAX_ENTRIES = 4096;

  private final Map<String, List<String>> resolved = new HashMap<>();

  List<String> get(String unsafe) {
    return resolved.get(unsafe);
  }

  void put(String unsafe, List<String> components) {
    if (resolved.size() >= MAX_ENTRIES) {
      resolved.clear();
    }
    resolved.put(unsafe, List.copyOf(components));
  }

  /** Drops every remembered resolution: a symlink appeared, or a link or directory went away. */
  public void forget() {
    resolved.clear();
  }
}
