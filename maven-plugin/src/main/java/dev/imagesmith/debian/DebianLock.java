package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.UntrustedFiles;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code image-debian.lock} beside the POM: for each distinct request of a {@code debian} step (a
 * {@code [section]} named by its key), the packages it resolved to, one per line: {@code name
 * version architecture sha256 pool-path}. Written on first resolution and honoured after it, so a
 * build installs the same files until the section (or the file) is deleted; commit it with the POM.
 * Sections are sorted, so the file is the same whatever order the steps ran in.
 */
public final class DebianLock {
  /** Some 100,000 packages: far more than any image installs. */
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final String HEADER =
      "# image-debian.lock: the Debian packages that the image-maven-plugin's debian steps"
          + " resolved.\n"
          + "# Builds install exactly these files (checked by SHA-256). Commit it with the POM;"
          + " delete a\n"
          + "# [section], or the file, to resolve that request again against the repository.\n";

  private final Path file;
  private final Map<String, List<LockedPackage>> sections;

  private DebianLock(Path file, Map<String, List<LockedPackage>> sections) {
    this.file = file;
    this.sections = sections;
  }

  /**
   * Reads the lock file; a missing file is an empty lock.
   *
   * @throws UserInputException naming the line that is not a lock entry
   */
  public static DebianLock read(Path file) throws IOException {
    Map<String, List<LockedPackage>> sections = new TreeMap<>();
    byte[] bytes;
    try {
      // A project file, but one that arrives with the project: a link here (to a token, say)
      // would print its target's lines in the error below. The plugin rewrites the file by
      // renaming a new one over it, so a link would not survive the next resolution anyway.
      bytes =
          UntrustedFiles.inside(
                  "Debian lock file",
                  "the lock file must be a regular file beside the POM; delete it to resolve the"
                      + " packages again")
              .read(file, MAX_BYTES);
    } catch (NoSuchFileException e) {
      return new DebianLock(file, sections);
    }
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    List<LockedPackage> current = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new ArrayList<>();
        sections.put(line.substring(1, line.length() - 1), current);
        continue;
      }
      String[] words = line.split("\\s+");
      if (current == null
          || words.length != 5
          || !DebianNames.isPackage(words[0])
          || !DebianNames.isVersion(words[1])
          || !DebianNames.isArchitecture(words[2])
          || !DebianNames.isSha256(words[3])
          || !DebianNames.isRepositoryPath(words[4])) {
        throw new UserInputException(
            file
                + " line "
                + (n + 1)
                + " is not a lock entry ('name version architecture sha256 pool-path' below a"
                + " [section]): "
                + Excerpt.quote(line, Excerpt.NAME)
                + ". Repair it, or delete the file to resolve the packages again");
      }
      current.add(new LockedPackage(words[0], words[1], words[2], words[3], words[4]));
    }
    return new DebianLock(file, sections);
  }

  public Path file() {
    return file;
  }

  /** The packages locked for {@code key}, if that request was resolved before. */
  public Optional<List<LockedPackage>> get(String key) {
    return Optional.ofNullable(sections.get(key)).map(List::copyOf);
  }

  /** Records {@code packages} for {@code key} and rewrites the file atomically. */
  public void put(String key, List<LockedPackage> packages) throws IOException {
    List<LockedPackage> sorted = new ArrayList<>(packages);
    sorted.sort(
        java.util.Comparator.comparing(LockedPackage::name)
            .thenComparing(LockedPackage::architecture));
    sections.put(key, sorted);
    write();
  }

  /**
   * Drops the sections whose key is not in {@code keys} (requests no step makes any more) and
   * rewrites the file atomically if any went; a lock left without sections is deleted.
   *
   * @return the dropped keys, sorted
   */
  public List<String> retainOnly(java.util.Set<String> keys) throws IOException {
    List<String> dropped = sections.keySet().stream().filter(key -> !keys.contains(key)).toList();
    if (dropped.isEmpty()) {
      return dropped;
    }
    dropped.forEach(sections::remove);
    if (sections.isEmpty()) {
      Files.deleteIfExists(file); // a link is removed as a link, never followed
    } else {
      write();
    }
    return dropped;
  }

  private void write() throws IOException {
    StringBuilder text = new StringBuilder(HEADER);
    sections.forEach(
        (section, entries) -> {
          text.append('\n').append('[').append(section).append("]\n");
          entries.forEach(entry -> text.append(entry.line()).append('\n'));
        });
    // A project file meant to be committed: published, readable like the POM.
    AtomicFile.to(file)
        .mode(0644)
        .durable()
        .write(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
