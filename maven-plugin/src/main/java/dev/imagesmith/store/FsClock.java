package dev.imagesmith.store;

import dev.imagesmith.io.EpochNanos;
import dev.imagesmith.store.FileHashes.Facts;
import dev.imagesmith.store.FileHashes.FsNow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The clocks the hash memo's racy rule reads ({@link FileHashes}): the file system's, as the ctime
 * of a probe file beside the memo, and the host's.
 *
 * <p>One probe file serves a run of probes ({@link LinkedHashes} reading a step's links): each
 * probe writes a byte into it through a channel kept open, which sets its ctime to the file
 * system's now (the kernel does so on every write), then reads that ctime. Making a new file per
 * probe cost an inode each, 0.2 to 0.5 ms of kernel time on ext4 (more right after a large delete),
 * and a build that links thousands of files probes once per clock tick while it reads them.
 */
final class FsClock {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path memoFile;
  private Path probe;
  private FileChannel channel;
  private boolean unavailable;

  FsClock(Path memoFile) {
    this.memoFile = memoFile;
  }

  /**
   * The file system's now on the memo's device; {@code null} (fall back to the margin) when the
   * directory cannot take a probe file.
   */
  synchronized FsNow probe() {
    if (unavailable) {
      return null;
    }
    try {
      if (channel == null) {
        open();
      }
      channel.write(ByteBuffer.wrap(new byte[1]), 0);
      Facts facts = FileHashes.facts(probe);
      return new FsNow(facts.dev(), facts.ctimeNanos());
    } catch (IOException e) {
      close();
      unavailable = true;
      return null;
    }
  }

  private void open() throws IOException {
    Path directory = Files.createDirectories(memoFile.toAbsolutePath().getParent());
    // A build that ends before it removes the file leaves it to the next, which clears the work
    // directory of what it does not know (deleteOnExit would grow in a long-lived Maven JVM).
    probe = Files.createTempFile(directory, ".clock-", ".probe");
    channel = FileChannel.open(probe, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** Removes the probe file; the next probe makes another. */
  synchronized void close() {
    try {
      if (channel != null) {
        channel.close();
      }
      if (probe != null && Files.exists(probe, NOFOLLOW)) {
        Files.delete(probe);
      }
    } catch (IOException e) {
      // A probe file left in the work directory costs nothing; the next build makes its own.
    } finally {
      channel = null;
      probe = null;
    }
  }

  /** One probe, its file made and removed: for callers that probe once in a while. */
  static FsNow once(Path memoFile) {
    FsClock clock = new FsClock(memoFile);
    try {
      return clock.probe();
    } finally {
      clock.close();
    }
  }

  /** The host's clock, in nanoseconds since the epoch. */
  static long nowNanos() {
    return EpochNanos.of(Instant.now());
  }
}
