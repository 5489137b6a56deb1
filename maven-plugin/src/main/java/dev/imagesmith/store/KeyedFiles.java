package dev.imagesmith.store;

import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Small files by key: the pointers and records a cache keeps beside its content (a layer key's
 * record, the digest a registry tag last resolved to, a base image's index, a suite's InRelease).
 * Unlike a {@link ContentStore} entry, such a file cannot be checked against its name: its reader
 * checks what it says (a seal, a checksum, the reference it names, a signature) and drops it when
 * that fails.
 *
 * <p>Each file is written whole ({@link AtomicFile}: a temporary beside it, then a rename), so
 * builds sharing the directory read an old or a new version, never part of one; it is read only if
 * it is a regular file, never through a link, and never larger than the caller's cap ({@link
 * EntryFiles}). A killed build's temporaries are swept like a content store's.
 */
public final class KeyedFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.json)?");

  private final Path root;
  private final Path directory;
  private final UntrustedFiles reader;
  private final int mode;

  /**
   * @param root the trusted cache root the directory is vetted from
   * @param directory where the files are, below {@code root}; created on the first write
   * @param where names the cache in errors, e.g. {@code "Layer cache"}
   * @param fix what happens to a file that is not a regular file, for the error
   */
  public KeyedFiles(Path root, Path directory, String where, String fix) {
    this(root, directory, UntrustedFiles.inside(where, fix), 0600);
  }

  private KeyedFiles(Path root, Path directory, UntrustedFiles reader, int mode) {
    this.root = root;
    this.directory = directory;
    this.reader = reader;
    this.mode = mode;
  }

  /** The same files, written with these permission bits (default 0600). */
  public KeyedFiles withMode(int bits) {
    return new KeyedFiles(root, directory, reader, bits);
  }

  /** A file name for any key text: the SHA-256 of its UTF-8 bytes, hex. */
  public static String nameOf(String key) {
    return Hashing.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether the directory exists, creating nothing.
   *
   * @throws dev.imagesmith.error.UserInputException if it, or a directory between it and the root,
   *     is a link or no directory
   */
  public boolean exists() throws IOException {
    return OwnDirectories.exists(root, directory);
  }

  /** Where the file {@code name} is (or would be) kept. */
  public Path pathOf(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.length() > 200) {
      throw new IllegalArgumentException("not a keyed file name: " + name);
    }
    return directory.resolve(name);
  }

  /**
   * The file's bytes, or empty if there is none.
   *
   * @throws dev.imagesmith.error.UserInputException if it is not a regular file (a link, a pipe) or
   *     larger than {@code cap}; the caller deletes it and says so
   */
  public Optional<byte[]> read(String name, int cap) throws IOException {
    Path path = pathOf(name);
    if (!OwnDirectories.exists(root, directory)) {
      return Optional.empty();
    }
    try {
      return Optional.of(EntryFiles.read(reader, path, cap));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Writes the file whole, replacing an earlier version. */
  public void write(String name, byte[] content) throws IOException {
    Path path = pathOf(name);
    OwnDirectories.ensure(root, directory);
    TempNames.sweepOnce(directory);
    AtomicFile.to(path).mode(mode).write(content);
  }

  /** Deletes the file (one its reader dropped); a missing one is fine. */
  public void delete(String name) throws IOException {
    Path path = pathOf(name);
    if (OwnDirectories.exists(root, directory)) { // never through a link to another directory
      Files.deleteIfExists(path);
    }
  }
}
