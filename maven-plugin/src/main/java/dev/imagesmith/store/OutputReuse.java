package dev.imagesmith.store;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.OwnDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lets a rebuild that makes the same image keep the files of {@code target/image} instead of
 * writing them again (the OCI layout and docker-archive with an fsync per file, and the checks with
 * report.html: reading every ELF file of the build's layers, the library check and the page).
 *
 * <p>At the start of a build the earlier outputs are moved (renamed, digest first) into the work
 * directory, so {@code target/image} holds no digest and no image while this build runs: a failed
 * build leaves nothing that describes another image. At the end each output whose key is unchanged
 * and whose files are exactly those recorded when they were written (same names, sizes,
 * modification times and inodes) is moved back; everything else is written anew, and a new record
 * is written last. The record is keyed by what decides the output's bytes (the manifest digest,
 * tags, timestamp, check settings, plugin version), never by a file's mtime: mtimes only tell that
 * nobody touched the files we wrote ourselves since.
 */
public final class OutputReuse {
  /** The record of the last build's outputs, in the work directory. */
  public static final String STATE = "output-state";

  /** Where the earlier outputs wait, in the work directory. */
  public static final String ASIDE = "previous-output";

  private static final String HEADER = "imagesmith output-state 1";

  private final Path output;
  private final Path aside;
  private final Path stateFile;
  private final List<String> recorded;

  private OutputReuse(Path output, Path aside, Path stateFile, List<String> recorded) {
    this.output = output;
    this.aside = aside;
    this.stateFile = stateFile;
    this.recorded = recorded;
  }

  /**
   * Moves the outputs of an earlier build out of {@code output} into {@code work}, when {@code
   * reuse} is on and a record of them exists; the caller then removes whatever is left. Call after
   * the work directory was prepared.
   *
   * @param outputs the outputs' names in {@code output}, in the order they are set aside (the one
   *     that says "finished", the digest, first)
   */
  public static OutputReuse setAside(Path output, Path work, boolean reuse, List<String> outputs)
      throws IOException {
    Path stateFile = work.resolve(STATE);
    Path aside = work.resolve(ASIDE);
    List<String> recorded = List.of();
    if (reuse && Files.isRegularFile(stateFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      recorded = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
    }
    Files.deleteIfExists(stateFile);
    HostFiles.deleteTree(aside);
    if (reuse && !recorded.isEmpty() && recorded.get(0).equals(HEADER)) {
      OwnDirectories.ensure(work, aside); // a link there was just removed as a link
      for (String name : outputs) {
        Path from = output.resolve(name);
        if (Files.exists(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.move(from, aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            // Another file system: nothing to gain, just clear it.
            recorded = List.of();
          }
        }
      }
    } else {
      recorded = List.of();
    }
    return new OutputReuse(output, aside, stateFile, recorded);
  }

  /**
   * Moves {@code name} back into place if it was recorded under {@code key} and its files are
   * untouched since; otherwise returns false and the caller writes it.
   */
  public boolean restore(String name, String key) throws IOException {
    String entry = recordedEntry(name);
    if (entry == null || !entry.equals(describe(name, key, aside.resolve(name)))) {
      return false;
    }
    Files.move(aside.resolve(name), output.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /**
   * Moves every output of the last build back, each exactly as recorded, and keeps the record as it
   * was: for a build that would write the same outputs again ({@code pipeline.UpToDate}). Does
   * nothing and returns false when an output set aside has no record, a recorded one was not set
   * aside, or one of them changed since it was recorded.
   *
   * @param order the outputs' names in the order they are set aside: they come back in reverse (the
   *     digest, which says "finished", last)
   */
  public boolean restoreAllUntouched(List<String> order) throws IOException {
    List<String> names = new ArrayList<>();
    for (String name : order) {
      boolean setAside = Files.exists(aside.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      String entry = recordedEntry(name);
      if (setAside != (entry != null)) {
        return false;
      }
      if (entry != null) {
        if (!entry.equals(describe(name, entry.split(" ", 4)[2], aside.resolve(name)))) {
          return false;
        }
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return false;
    }
    for (int i = names.size() - 1; i >= 0; i--) {
      Files.move(
          aside.resolve(names.get(i)),
          output.resolve(names.get(i)),
          StandardCopyOption.ATOMIC_MOVE);
    }
    HostFiles.deleteTree(aside);
    AtomicFile.to(stateFile)
        .write((String.join("\n", recorded) + "\n").getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /** Where {@code name} of the last build waits while this build runs (to check its content). */
  public Path asideFile(String name) {
    return aside.resolve(name);
  }

  /** The value recorded with {@code name} ("extra" line), or null. */
  public String recordedExtra(String name) {
    for (String line : recorded) {
      if (line.startsWith("extra " + name + " ")) {
        return line.substring(("extra " + name + " ").length());
      }
    }
    return null;
  }

  /**
   * Records the outputs as they are now, under their keys, and drops what was set aside. Call after
   * the digest was written.
   *
   * @param keys name, key pairs
   * @param extras name, value pairs kept with the record (the checks' log line)
   */
  public void record(List<String> keys, List<String> extras) throws IOException {
    HostFiles.deleteTree(aside);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (int i = 0; i < keys.size(); i += 2) {
      lines.add(describe(keys.get(i), keys.get(i + 1), output.resolve(keys.get(i))));
    }
    for (int i = 0; i < extras.size(); i += 2) {
      lines.add("extra " + extras.get(i) + " " + extras.get(i + 1).replace('\n', ' '));
    }
    AtomicFile.to(stateFile)
        .write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private String recordedEntry(String name) {
    for (String line : recorded) {
      if (line.startsWith("output " + name + " ")) {
        return line;
      }
    }
    return null;
  }

  /** One line: the output's name, its key and the identity of every file it consists of. */
  private static String describe(String name, String key, Path location) throws IOException {
    StringBuilder line = new StringBuilder("output ").append(name).append(' ').append(key);
    List<Path> files;
    if (Files.isDirectory(location, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(location)) {
        files = walk.sorted().toList();
      }
    } else {
      files = List.of(location);
    }
    for (Path file : files) {
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(
                file, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return line.append(" missing").toString();
      }
      line.append(' ')
          .append(location.relativize(file).toString().replace(' ', '?'))
          .append(':')
          .append(attributes.isDirectory() ? "d" : attributes.isRegularFile() ? "f" : "o")
          .append(':')
          .append(attributes.isDirectory() ? 0 : attributes.size())
          .append(':')
          // A directory's own mtime changes when it is renamed to another parent.
          .append(attributes.isDirectory() ? 0 : attributes.lastModifiedTime().toMillis())
          .append(':')
          .append(attributes.fileKey());
    }
    return line.toString();
  }

  /** A key from the parts that decide an output's bytes. */
  public static String key(String... parts) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String part : Arrays.asList(parts)) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
