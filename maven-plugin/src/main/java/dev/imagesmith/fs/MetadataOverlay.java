package dev.imagesmith.fs;

import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The part of a sandbox that does not live on host files: for each clean image path, the {@link
 * Metadata} the image gives it, together with the identity of the host inode it was recorded for. A
 * {@code run} step that replaces the file makes a new inode, and the stale entry is then ignored:
 * the new file gets default metadata, exactly as if the command had created it on a real root
 * filesystem.
 */
final class MetadataOverlay {
  private record Entry(Metadata metadata, Object fileKey) {}

  /**
   * Sorted by plain string order, in which the paths below {@code /a} are exactly the keys in
   * {@code ["/a/", "/a0")} ({@code '0'} follows {@code '/'}): removing a subtree is a range
   * removal, not a scan of every entry (a layer with many whiteouts stays linear, R7).
   */
  private final NavigableMap<String, Entry> entries = new ConcurrentSkipListMap<>();

  void put(String cleanPath, Metadata metadata, Object fileKey) {
    entries.put(cleanPath, new Entry(metadata, fileKey));
  }

  /** The recorded metadata if it still belongs to the inode {@code fileKey}. */
  Metadata get(String cleanPath, Object fileKey) {
    Entry entry = entries.get(cleanPath);
    if (entry == null) {
      return null;
    }
    if (entry.fileKey() != null && fileKey != null && !Objects.equals(entry.fileKey(), fileKey)) {
      return null;
    }
    return entry.metadata();
  }

  /** Forgets {@code cleanPath} alone. */
  void remove(String cleanPath) {
    entries.remove(cleanPath);
  }

  /** Forgets {@code cleanPath} and everything below it. */
  void removeTree(String cleanPath) {
    if (cleanPath.equals("/")) {
      entries.clear();
      return;
    }
    entries.remove(cleanPath);
    entries.subMap(cleanPath + "/", true, cleanPath + "0", false).clear();
  }

  int size() {
    return entries.size();
  }

  /** Every record, in path order, with the inode identity it was recorded for. */
  void forEach(RecordVisitor visitor) throws java.io.IOException {
    for (var entry : entries.entrySet()) {
      visitor.visit(entry.getKey(), entry.getValue().metadata(), entry.getValue().fileKey());
    }
  }

  /** Receives one record of {@link #forEach}. */
  interface RecordVisitor {
    void visit(String cleanPath, Metadata metadata, Object fileKey) throws java.io.IOException;
  }
}
