package dev.imagesmith.stage;

import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Every object at and below a copy source with one {@code lstat} each, links never followed, in
 * {@link Path} order (what {@code Files.walk(source).sorted()} lists). The stage key reads a large
 * source on every build: {@code Files.walk} and two more attribute reads per entry cost three
 * {@code lstat}s where one tells the type, the mode and the inode.
 */
final class SourceTree {
  /** The type and mode, and what the memo compares, from the one {@code lstat}. */
  private static final String ATTRIBUTES = FileHashes.FACTS_ATTRIBUTES + ",mode";

  private static final int TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR = 0100000;
  private static final int SYMLINK = 0120000;

  /**
   * One object: its path and its {@code st_mode}, device and inode, and for a regular file what the
   * hash memo compares ({@code null} for others).
   */
  record Entry(Path path, int mode, long device, long inode, FileHashes.Facts facts) {
    boolean isDirectory() {
      return (mode & TYPE_MASK) == DIRECTORY;
    }

    boolean isRegularFile() {
      return (mode & TYPE_MASK) == REGULAR;
    }

    boolean isSymbolicLink() {
      return (mode & TYPE_MASK) == SYMLINK;
    }

    /** The permission bits with setuid, setgid and sticky. */
    int permissions() {
      return mode & 07777;
    }

    /** The same object under every name: device and inode. */
    List<Long> identity() {
      return List.of(device, inode);
    }
  }

  private SourceTree() {}

  /** {@code source} and, if it is a directory (not a link to one), everything below it. */
  static List<Entry> walk(Path source) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Deque<Path> directories = new ArrayDeque<>();
    Entry root = read(source);
    entries.add(root);
    if (root.isDirectory()) {
      directories.push(source);
    }
    while (!directories.isEmpty()) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(directories.pop())) {
        for (Path child : children) {
          Entry entry = read(child);
          entries.add(entry);
          if (entry.isDirectory()) {
            directories.push(child);
          }
        }
      }
    }
    entries.sort(Comparator.comparing(Entry::path));
    return entries;
  }

  private static Entry read(Path path) throws IOException {
    Map<String, Object> unix = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) unix.get("mode");
    return new Entry(
        path,
        mode,
        ((Number) unix.get("dev")).longValue(),
        ((Number) unix.get("ino")).longValue(),
        (mode & TYPE_MASK) == REGULAR ? FileHashes.facts(unix) : null);
  }
}
