package dev.imagesmith.debian;

import dev.imagesmith.io.OwnDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Verified repository files by content: {@code <cache>/debian/sha256/<hex>} (indexes and {@code
 * .deb}s alike). A file enters only after its SHA-256 matched what a signed source promised, via a
 * temporary name in the same directory and an atomic move; it is checked again on every use, and a
 * corrupt entry is deleted. Several builds may share the directory.
 */
public final class ContentCache {
  private final Path cacheDirectory;
  private final Path directory;

  public ContentCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
    this.directory = cacheDirectory.resolve("debian").resolve("sha256");
  }

  /** Where the file with this SHA-256 is kept. */
  public Path pathOf(String sha256) {
    return directory.resolve(sha256);
  }

  /** The verified entry, or empty if it is missing or was corrupt (then it is deleted). */
  public Optional<Path> get(String sha256) throws IOException {
    Path path = pathOf(sha256);
    if (!OwnDirectories.exists(cacheDirectory, directory)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      if (sha256(in, OutputStream.nullOutputStream()).equals(sha256)) {
        return Optional.of(path);
      }
    }
    Files.deleteIfExists(path);
    return Optional.empty();
  }

  /** Thrown when stored bytes do not have the promised digest; nothing was kept. */
  public static final class MismatchException extends IOException {
    private final String actual;

    MismatchException(String actual) {
      super("sha256 mismatch: " + actual);
      this.actual = actual;
    }

    public String actual() {
      return actual;
    }
  }

  /**
   * Reads {@code content} to its end and keeps it as the entry for {@code sha256}.
   *
   * @throws MismatchException if the bytes have another SHA-256; nothing is kept
   */
  public Path store(String sha256, InputStream content) throws IOException {
    OwnDirectories.ensure(cacheDirectory, directory);
    Path temporary = Files.createTempFile(directory, sha256 + ".", ".part");
    try {
      String actual;
      try (OutputStream out = Files.newOutputStream(temporary)) {
        actual = sha256(content, out);
      }
      if (!actual.equals(sha256)) {
        throw new MismatchException(actual);
      }
      Path target = pathOf(sha256);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Copies {@code in} to {@code out} and returns the SHA-256 of the bytes, lower-case hex. */
  static String sha256(InputStream in, OutputStream out) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
