package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Downloaded files by content: {@code <cache>/downloads/sha256/<hex>}, a {@link ContentStore}. A
 * file enters only after its SHA-256 was checked and is checked again on every use: a corrupt entry
 * is deleted and fetched anew. Several builds may share the directory. How much may come, and how
 * slowly, is the stream's to limit ({@link dev.imagesmith.io.LimitedBody}): when it stops, the
 * temporary file is deleted like a wrong one.
 */
public final class DownloadCache {
  private final ContentStore store;

  /**
   * @param cacheDirectory the user's Imagesmith cache; {@code downloads/sha256} is created below it
   */
  public DownloadCache(Path cacheDirectory) {
    this.store =
        new ContentStore(cacheDirectory, cacheDirectory.resolve("downloads").resolve("sha256"));
  }

  /** Where the file with this digest is (or would be) kept. */
  public Path pathOf(Digest digest) {
    return store.pathOf(digest.encoded());
  }

  /** Checks the entry for {@code digest}; a corrupt one is deleted. */
  public ContentStore.Found lookup(Digest digest) throws IOException {
    return store.find(digest.encoded(), -1);
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
    try {
      return store.put(expected.encoded(), content);
    } catch (ContentStore.Mismatch e) {
      throw new UserInputException(
          where
              + ": "
              + source
              + " has sha256 "
              + e.actual()
              + " ("
              + e.size()
              + " bytes received) but the configuration expects "
              + expected.encoded()
              + "; nothing was cached or copied. Check the URL, or update sha256 if the file"
              + " changed on purpose.");
    }
  }
}
