package dev.imagesmith.store;

import dev.imagesmith.store.FileHashes.Facts;
import dev.imagesmith.store.FileHashes.FsNow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The clocks the hash memo's racy rule reads ({@link FileHashes}): the file system's, as the ctime
 * of a probe file made beside the memo, and the host's.
 */
final class FsClock {
  private FsClock() {}

  /**
   * Makes and removes a probe file beside {@code memoFile}; {@code null} (fall back to the margin)
   * when the directory cannot take one.
   */
  static FsNow probe(Path memoFile) {
    try {
      Path directory = Files.createDirectories(memoFile.toAbsolutePath().getParent());
      Path probe = Files.createTempFile(directory, ".clock-", ".probe");
      try {
        Facts facts = FileHashes.facts(probe);
        return new FsNow(facts.dev(), facts.ctimeNanos());
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      return null;
    }
  }

  /** The host's clock, in nanoseconds since the epoch. */
  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
