package dev.imagesmith.store;

import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files by content: a directory whose entries are named by the SHA-256 of their bytes (64
 * lower-case hex digits), the one content-addressed store every cache uses (downloads, Debian
 * files, registry blobs, compressed layers).
 *
 * <p><b>Trust.</b> An entry is verified on its way in (its bytes hashed against the name it is
 * meant to get; a mismatch keeps nothing) or, for a file the caller hashed while writing it ({@link
 * #adopt}), on every way out: {@link #find}, {@link #get}, {@link #read} and {@link #copyOut} hash
 * what they hand over, and a damaged entry is deleted and reported as missing. Only regular files
 * are read, never through a link ({@link EntryFiles}); the directory itself and its parents below
 * the cache root are real directories ({@link OwnDirectories}).
 *
 * <p><b>Sharing.</b> Several builds may use one store at once without a lock: an entry appears only
 * by the atomic rename of a complete temporary file of its own ({@link AtomicFile}), so a reader
 * finds the whole entry or none, and two builds storing one digest store the same bytes (the last
 * rename wins, harmlessly). A damaged entry is deleted only if it is still the file that was found
 * damaged, not a good one another build renamed into place meanwhile. A killed build's temporary
 * files are swept once per JVM when they are older than {@link TempNames#STALE_AFTER}.
 *
 * <p>Entries are not fsynced: each is verified when used, so one that a power cut garbled is a
 * miss.
 */
public final class ContentStore {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

  /** What {@link #find} found. */
  public enum Found {
    HIT,
    MISSING,
    /** An entry was there but its bytes no longer match its name; it has been deleted. */
    CORRUPT_DELETED
  }

  /** Thrown when bytes meant for an entry have another digest; nothing was kept. */
  public static final class Mismatch extends IOException {
    private final String actual;
    private final long size;

    Mismatch(String expected, String actual, long size) {
      super("sha256 mismatch: expected " + expected + ", got " + actual + " (" + size + " bytes)");
      this.actual = actual;
      this.size = size;
    }

    /** The SHA-256 the bytes have, hex. */
    public String actual() {
      return actual;
    }

    /** How many bytes came. */
    public long size() {
      return size;
    }
  }

  private final Path root;
  private final Path directory;
  private final UntrustedFiles reader;

  /**
   * @param root the trusted cache root the directory is vetted from
   * @param directory where the entries are, below {@code root}; created on the first put
   */
  public ContentStore(Path root, Path directory) {
    this.root = root;
    this.directory = directory;
    this.reader =
        UntrustedFiles.inside("cache " + directory, "it is deleted and fetched or written again");
  }

  public Path directory() {
    return directory;
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

  /** Where the entry with this SHA-256 is (or would be) kept. */
  public Path pathOf(String sha256) {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + sha256);
    }
    return directory.resolve(sha256); // safe: 64 hex digits name no other place
  }

  /**
   * Checks the entry: its size (unless {@code size} is negative) and the SHA-256 of every byte. A
   * damaged entry is deleted.
   */
  public Found find(String sha256, long size) throws IOException {
    Path path = pathOf(sha256);
    if (!OwnDirectories.exists(root, directory)) {
      return Found.MISSING;
    }
    BasicFileAttributes found;
    try {
      found = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Found.MISSING;
    }
    if (!found.isRegularFile()) {
      return Found.MISSING; // a put renames over it
    }
    if (size < 0 || found.size() == size) {
      try (InputStream in = EntryFiles.open(reader, path)) {
        if (Hashing.sha256(in, OutputStream.nullOutputStream()).equals(sha256)) {
          return Found.HIT;
        }
      }
    }
    deleteIfStill(path, found);
    return Found.CORRUPT_DELETED;
  }

  /** The verified entry, or empty if it is missing or was damaged (then it is deleted). */
  public Optional<Path> get(String sha256) throws IOException {
    return find(sha256, -1) == Found.HIT ? Optional.of(pathOf(sha256)) : Optional.empty();
  }

  /** A small entry's bytes, verified, or empty (missing, damaged, or larger than {@code cap}). */
  public Optional<byte[]> read(String sha256, int cap) throws IOException {
    Path path = pathOf(sha256);
    if (!OwnDirectories.exists(root, directory)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
        || Files.size(path) > cap) {
      return Optional.empty();
    }
    BasicFileAttributes found =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    byte[] bytes = EntryFiles.read(reader, path, cap);
    if (!Hashing.sha256(bytes).equals(sha256)) {
      deleteIfStill(path, found);
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** Opens an entry without verifying it: the caller verifies while reading. */
  public InputStream open(String sha256) throws IOException {
    return EntryFiles.open(reader, pathOf(sha256));
  }

  /** Stores what {@code content} holds, read to its end, and returns its SHA-256. */
  public String put(InputStream content) throws IOException {
    Path directory = ensureDirectory();
    try (AtomicFile.Staged staged = AtomicFile.stage(directory, "put")) {
      String actual;
      try (OutputStream out = Files.newOutputStream(staged.create())) {
        actual = Hashing.sha256(content, out);
      }
      staged.publish(AtomicFile.to(pathOf(actual)));
      return actual;
    }
  }

  /**
   * Stores {@code content}, read to its end, as the entry for {@code sha256}.
   *
   * @throws Mismatch if the bytes have another SHA-256; nothing is kept
   */
  public Path put(String sha256, InputStream content) throws IOException {
    Path target = pathOf(sha256);
    try (AtomicFile.Staged staged = AtomicFile.stage(ensureDirectory(), sha256)) {
      String actual;
      try (OutputStream out = Files.newOutputStream(staged.create())) {
        actual = Hashing.sha256(content, out); // hashed while written: read once
      }
      if (!actual.equals(sha256)) {
        throw new Mismatch(sha256, actual, Files.size(staged.path()));
      }
      staged.publish(AtomicFile.to(target));
      return target;
    }
  }

  /**
   * Stores {@code content} as the entry for {@code sha256}.
   *
   * @throws Mismatch if the bytes have another SHA-256; nothing is kept
   */
  public Path put(String sha256, byte[] content) throws IOException {
    return put(sha256, new java.io.ByteArrayInputStream(content));
  }

  /**
   * Stores the file {@code filler} makes (a download into the temporary path) as the entry for
   * {@code sha256}, after checking what landed on disk: its size (unless {@code size} is negative)
   * and its SHA-256.
   *
   * @throws Mismatch if the file has another size or SHA-256; nothing is kept
   */
  public Path put(String sha256, long size, AtomicFile.Filler filler) throws IOException {
    Path target = pathOf(sha256);
    try (AtomicFile.Staged staged = AtomicFile.stage(ensureDirectory(), sha256)) {
      filler.fill(staged.path());
      String actual;
      try (InputStream in = Files.newInputStream(staged.path(), LinkOption.NOFOLLOW_LINKS)) {
        actual = Hashing.sha256(in, OutputStream.nullOutputStream());
      }
      long actualSize = Files.size(staged.path());
      if (!actual.equals(sha256) || (size >= 0 && actualSize != size)) {
        throw new Mismatch(sha256, actual, actualSize);
      }
      staged.publish(AtomicFile.to(target));
      return target;
    }
  }

  /**
   * Makes {@code file}, whose SHA-256 the caller computed while writing it, the entry for {@code
   * sha256}: hard-linked where the file system allows (no byte copied), else copied. It is not read
   * here; every read verifies it. An entry of that name and size is kept as it is.
   */
  public Path adopt(String sha256, Path file) throws IOException {
    Path target = pathOf(sha256);
    Path directory = ensureDirectory();
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
        && Files.size(target) == Files.size(file)) {
      return target;
    }
    try (AtomicFile.Staged staged = AtomicFile.stage(directory, sha256)) {
      linkOrCopy(file, staged.path());
      staged.publish(AtomicFile.to(target));
    }
    return target;
  }

  /**
   * Places the entry at {@code target} (hard-linked where possible, else copied) and verifies the
   * placed file against {@code size} and {@code sha256}: one read, of the bytes the caller gets.
   * Returns false, with the entry deleted, if it is damaged, and false if it is missing.
   */
  public boolean copyOut(String sha256, long size, Path target) throws IOException {
    Path entry = pathOf(sha256);
    if (!exists()) {
      return false;
    }
    BasicFileAttributes found;
    try {
      found = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!found.isRegularFile()) {
      return false; // never linked, read or followed
    }
    Files.createDirectories(target.getParent());
    try (AtomicFile.Staged staged =
        AtomicFile.stage(target.getParent(), target.getFileName() + "")) {
      try {
        linkOrCopy(entry, staged.path());
      } catch (NoSuchFileException e) {
        return false;
      }
      boolean intact = Files.size(staged.path()) == size;
      if (intact) {
        try (InputStream in = Files.newInputStream(staged.path(), LinkOption.NOFOLLOW_LINKS)) {
          intact = Hashing.sha256(in, OutputStream.nullOutputStream()).equals(sha256);
        }
      }
      if (!intact) {
        deleteIfStill(entry, found); // a disk error, or someone edited it: never used
        return false;
      }
      staged.publish(AtomicFile.to(target));
      return true;
    }
  }

  /** Deletes the entry (one the caller found damaged); a missing one is fine. */
  public void delete(String sha256) throws IOException {
    Path path = pathOf(sha256);
    if (OwnDirectories.exists(root, directory)) { // never through a link to another directory
      Files.deleteIfExists(path);
    }
  }

  /** The directory, vetted and created, with a killed build's stale temporaries swept. */
  private Path ensureDirectory() throws IOException {
    OwnDirectories.ensure(root, directory);
    TempNames.sweepOnce(directory);
    return directory;
  }

  /**
   * Deletes {@code path} if it is still the file {@code found} describes: another build may have
   * renamed a good entry over the damaged one since.
   */
  private static void deleteIfStill(Path path, BasicFileAttributes found) throws IOException {
    try {
      BasicFileAttributes now =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (Objects.equals(now.fileKey(), found.fileKey())) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // gone already
    }
  }

  /** A hard link where the file system allows (no bytes copied), else a copy. */
  static void linkOrCopy(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
