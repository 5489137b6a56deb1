package dev.imagesmith.build;

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
final class OutputReuse {
  /** The record of the last build's outputs, in the work directory. */
  static final String STATE = "output-state";

  static final String ASIDE = "previous-output";
  private static final String HEADER = "imagesmith output-state 1";

  /** The outputs in the order they are set aside: the digest first. */
  private static final List<String> OUTPUTS =
      List.of(
          OutputFiles.DIGEST,
          OutputFiles.SBOM,
          OutputFiles.PROVENANCE,
          OutputFiles.IMAGE_JSON,
          OutputFiles.REPORT,
          OutputFiles.ARCHIVE,
          OutputFiles.OCI);

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
   * Moves the outputs of an earlier build out of {@code output} (or deletes them when they cannot
   * be moved or {@code reuse} is off). Call after the work directory was prepared.
   */
  static OutputReuse setAside(Path output, Path work, boolean reuse) throws IOException {
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
      for (String name : OUTPUTS) {
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
    OutputFiles.clearStale(output);
    return new OutputReuse(output, aside, stateFile, recorded);
  }

  /**
   * Moves {@code name} back into place if it was recorded under {@code key} and its files are
   * untouched since; otherwise returns false and the caller writes it.
   */
  boolean restore(String name, String key) throws IOException {
    String entry = recordedEntry(name);
    if (entry == null || !entry.equals(describe(name, key, aside.resolve(name)))) {
      return false;
    }
    Files.move(aside.resolve(name), output.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** The value recorded with {@code name} ("extra" line), or null. */
  String recordedExtra(String name) {
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
  void record(List<String> keys, List<String> extras) throws IOException {
    HostFiles.deleteTree(aside);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (int i = 0; i < keys.size(); i += 2) {
      lines.add(describe(keys.get(i), keys.get(i + 1), output.resolve(keys.get(i))));
    }
    for (int i = 0; i < extras.size(); i += 2) {
      lines.add("extra " + extras.get(i) + " " + extras.get(i + 1).replace('\n', ' '));
    }
    OutputFiles.write(
        stateFile, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
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
  static String key(String... parts) {
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
