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
 *
 * <p>It also holds the target, exactly as written, of each symlink whose host text differs from it
 * ({@link HostLinkText}): the layers and the plugin's own resolution use the written target, the
 * host kernel the rewritten one. A link record counts only while the host inode and its text are
 * those it was recorded for (an inode number freed by a {@code run} step may come back at once).
 */
final class MetadataOverlay {
  private record Entry(Metadata metadata, Object fileKey) {}

  private record LinkRecord(String original, String onHost, Object fileKey) {}

  private record Borrowed(long sinceSeconds, String sha256, Object fileKey) {}

  /**
   * Sorted by plain string order, in which the paths below {@code /a} are exactly the keys in
   * {@code ["/a/", "/a0")} ({@code '0'} follows {@code '/'}): removing a subtree is a range
   * removal, not a scan of every entry (a layer with many whiteouts stays linear, R7).
   */
  private final NavigableMap<String, Entry> entries = new ConcurrentSkipListMap<>();

  private final NavigableMap<String, LinkRecord> links = new ConcurrentSkipListMap<>();

  /** Regular files that are a project file's inode linked in, not a copy ({@link Sandbox}). */
  private final NavigableMap<String, Borrowed> borrowed = new ConcurrentSkipListMap<>();

  /** Records that {@code cleanPath}, the inode {@code fileKey}, is borrowed since then. */
  void putBorrowed(String cleanPath, long sinceSeconds, String sha256, Object fileKey) {
    borrowed.put(cleanPath, new Borrowed(sinceSeconds, sha256, fileKey));
  }

  /**
   * The time the file at {@code cleanPath} was linked in if it is still the inode {@code fileKey}
   * that was, else {@code null}.
   */
  Long borrowedSince(String cleanPath, Object fileKey) {
    if (borrowed.isEmpty()) {
      return null;
    }
    Borrowed record = borrowed.get(cleanPath);
    return record == null || !Objects.equals(record.fileKey(), fileKey)
        ? null
        : record.sinceSeconds();
  }

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

  /** Records that the symlink at {@code cleanPath} holds {@code onHost} for {@code original}. */
  void putLink(String cleanPath, String original, String onHost, Object fileKey) {
    links.put(cleanPath, new LinkRecord(original, onHost, fileKey));
  }

  void removeLink(String cleanPath) {
    links.remove(cleanPath);
  }

  /**
   * The target as written of the symlink at {@code cleanPath} whose host inode is {@code fileKey}
   * and host text {@code onHost}: the recorded one if the record is still that link's, else {@code
   * onHost} (a link nobody rewrote).
   */
  String linkTarget(String cleanPath, Object fileKey, String onHost) {
    if (links.isEmpty()) {
      return onHost;
    }
    LinkRecord record = links.get(cleanPath);
    if (record == null
        || !record.onHost().equals(onHost)
        || (record.fileKey() != null && fileKey != null && !record.fileKey().equals(fileKey))) {
      return onHost;
    }
    return record.original();
  }

  /** Forgets the record of {@code cleanPath}, keeping its link and borrowed records. */
  void removeRecord(String cleanPath) {
    entries.remove(cleanPath);
  }

  /** Forgets {@code cleanPath} alone. */
  void remove(String cleanPath) {
    entries.remove(cleanPath);
    links.remove(cleanPath);
    borrowed.remove(cleanPath);
  }

  /** Forgets {@code cleanPath} and everything below it. */
  void removeTree(String cleanPath) {
    if (cleanPath.equals("/")) {
      entries.clear();
      links.clear();
      borrowed.clear();
      return;
    }
    entries.remove(cleanPath);
    entries.subMap(cleanPath + "/", true, cleanPath + "0", false).clear();
    links.remove(cleanPath);
    links.subMap(cleanPath + "/", true, cleanPath + "0", false).clear();
    borrowed.remove(cleanPath);
    borrowed.subMap(cleanPath + "/", true, cleanPath + "0", false).clear();
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

  /** Every link record, in path order. */
  void forEachLink(LinkVisitor visitor) throws java.io.IOException {
    for (var entry : links.entrySet()) {
      LinkRecord record = entry.getValue();
      visitor.visit(entry.getKey(), record.original(), record.onHost());
    }
  }

  /** Every link record's path and the inode it was recorded for, in path order. */
  void forEachLinkKey(LinkKeyVisitor visitor) throws java.io.IOException {
    for (var entry : links.entrySet()) {
      visitor.visit(entry.getKey(), entry.getValue().fileKey());
    }
  }

  /** Every borrowed file, in path order. */
  void forEachBorrowed(BorrowedVisitor visitor) throws java.io.IOException {
    for (var entry : borrowed.entrySet()) {
      visitor.visit(entry.getKey(), entry.getValue().sinceSeconds(), entry.getValue().sha256());
    }
  }

  /** Receives one borrowed file of {@link #forEachBorrowed}. */
  interface BorrowedVisitor {
    void visit(String cleanPath, long sinceSeconds, String sha256) throws java.io.IOException;
  }

  /** Receives one record of {@link #forEach}. */
  interface RecordVisitor {
    void visit(String cleanPath, Metadata metadata, Object fileKey) throws java.io.IOException;
  }

  /** Receives one link record of {@link #forEachLinkKey}. */
  interface LinkKeyVisitor {
    void visit(String cleanPath, Object fileKey) throws java.io.IOException;
  }

  /** Receives one link record of {@link #forEachLink}. */
  interface LinkVisitor {
    void visit(String cleanPath, String original, String onHost) throws java.io.IOException;
  }
}
