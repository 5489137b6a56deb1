package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.OwnDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

/**
 * Downloaded files by content: {@code <cache>/downloads/sha256/<hex>}. A file enters only after its
 * SHA-256 was checked (written to a temporary name in the same directory, then moved into place
 * atomically), and is checked again on every use: a corrupt entry is deleted and fetched anew.
 * Several builds may share the directory; they race only to move identical bytes into place. How
 * much may come, and how slowly, is the stream's to limit ({@link dev.imagesmith.io.LimitedBody}):
 * when it stops, the temporary file is deleted like a wrong one.
 */
public final class DownloadCache {
  private final Path cacheDirectory;
  private final Path directory;

  /**
   * @param cacheDirectory the user's Imagesmith cache; {@code downloads/sha256} is created below it
   */
  public DownloadCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
    this.directory = cacheDirectory.resolve("downloads").resolve("sha256");
  }

  /** Where the file with this digest is (or would be) kept. */
  public Path pathOf(Digest digest) {
    return directory.resolve(digest.encoded());
  }

  /** What {@link #lookup} found. */
  public enum Status {
    HIT,
    MISSING,
    /** An entry was there but its bytes no longer match its name; it has been deleted. */
    CORRUPT_DELETED
  }

  /** Checks the entry for {@code digest}; a corrupt one is deleted. */
  public Status lookup(Digest digest) throws IOException {
    Path path = pathOf(digest);
    if (!OwnDirectories.exists(cacheDirectory, directory)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return Status.MISSING;
    }
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      if (sha256(in, OutputStream.nullOutputStream()).equals(digest)) {
        return Status.HIT;
      }
    }
    Files.deleteIfExists(path);
    return Status.CORRUPT_DELETED;
  }

  /**
   * Stores {@code content} as the entry for {@code expected}, reading it to the end.
   *
   * @param source the URL the bytes came from, named in the error
   * @param where the step's XML path, named in the error
   * @throws UserInputException if the bytes do not have digest {@code expected}; nothing is kept
   */
  public Path store(Digest expected, InputStream content, String source, String where)
      throws IOException {
    OwnDirectories.ensure(cacheDirectory, directory);
    Path temporary = Files.createTempFile(directory, expected.encoded() + ".", ".part");
    try {
      Digest actual;
      try (OutputStream out = Files.newOutputStream(temporary)) {
        actual = sha256(content, out);
      }
      if (!actual.equals(expected)) {
        throw new UserInputException(
            where
                + ": "
                + source
                + " has sha256 "
                + actual.encoded()
                + " ("
                + Files.size(temporary)
                + " bytes received) but the configuration expects "
                + expected.encoded()
                + "; nothing was cached or copied. Check the URL, or update sha256 if the file"
                + " changed on purpose.");
      }
      Path target = pathOf(expected);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot move " + temporary + " into place atomically", e);
      }
      return target;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static Digest sha256(InputStream in, OutputStream out) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      sha256.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    return Digest.of(sha256.digest());
  }
}
