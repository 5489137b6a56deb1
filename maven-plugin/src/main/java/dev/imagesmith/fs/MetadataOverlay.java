package dev.imagesmith.fs;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of a sandbox that does not live on host files: for each clean image path, the {@link
 * Metadata} the image gives it, together with the identity of the host inode it was recorded for. A
 * {@code run} step that replaces the file makes a new inode, and the stale entry is then ignored:
 * the new file gets default metadata, exactly as if the command had created it on a real root
 * filesystem.
 */
final class MetadataOverlay {
  private record Entry(Metadata metadata, Object fileKey) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

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

  /** Forgets {@code cleanPath} and everything below it. */
  void removeTree(String cleanPath) {
    entries.keySet().removeIf(path -> ImagePaths.isWithin(path, cleanPath));
  }

  int size() {
    return entries.size();
  }
}
