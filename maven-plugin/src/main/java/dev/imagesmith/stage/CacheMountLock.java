package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One cache mount held by one step: a lock file per id ({@code mounts/.locks/<id>}), locked with
 * {@code fcntl} for other processes (another Maven, on this host or sharing the cache directory)
 * and with a semaphore per file for other threads of this JVM ({@code mvn -T}, where a second
 * {@code FileChannel.lock} of the same file would throw instead of waiting).
 *
 * <p>A step that finds it held says so in the log, once, and waits until it is free or the wait is
 * over; then it fails with one message that names the mount and the ways out. A build killed while
 * it held a lock leaves nothing to clean: the kernel releases an {@code fcntl} lock with its
 * process.
 */
final class CacheMountLock implements AutoCloseable {
  private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 100;

  private final Semaphore semaphore;
  private final FileChannel channel;
  private final FileLock lock;

  private CacheMountLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
    this.semaphore = semaphore;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits up to {@code wait} for the mount {@code id}.
   *
   * @param directory the mount's directory, named in the log and messages
   * @param describe who waits (a step), for the log and messages
   */
  static CacheMountLock acquire(
      Path lockFile, String id, Path directory, Duration wait, String describe, BuildLog log)
      throws IOException {
    long started = System.nanoTime();
    long waitNanos = nanos(wait);
    Semaphore semaphore =
        IN_THIS_JVM.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Semaphore(1));
    boolean announced = false;
    try {
      if (!semaphore.tryAcquire()) {
        announce(id, directory, wait, describe, log);
        announced = true;
        if (!semaphore.tryAcquire(remaining(started, waitNanos), TimeUnit.NANOSECONDS)) {
          throw stillHeld(id, directory, wait, describe);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(describe + ": interrupted while waiting for cache " + id);
    }
    FileChannel channel = null;
    try {
      channel = HostFiles.openLockFile(lockFile);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new CacheMountLock(semaphore, channel, lock);
        }
        if (!announced) {
          announce(id, directory, wait, describe, log);
          announced = true;
        }
        if (remaining(started, waitNanos) <= 0) {
          throw stillHeld(id, directory, wait, describe);
        }
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, remaining(started, waitNanos) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      semaphore.release();
      throw new InterruptedIOException(describe + ": interrupted while waiting for cache " + id);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      semaphore.release();
      throw e;
    }
  }

  /**
   * What is left of the wait. Measured from the start, never as a deadline: {@code nanoTime() +
   * wait} would overflow for the longest waits the configuration accepts.
   */
  private static long remaining(long started, long waitNanos) {
    return Math.max(0, waitNanos - (System.nanoTime() - started));
  }

  /** The wait in nanoseconds; one beyond some 292 years ({@code 999999999h}) waits that long. */
  private static long nanos(Duration wait) {
    try {
      return wait.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static void announce(
      String id, Path directory, Duration wait, String describe, BuildLog log) {
    log.info(
        describe
            + ": cache mount '"
            + id
            + "' is in use by another build; waiting for it (at most "
            + human(wait)
            + "): "
            + directory);
  }

  private static UserInputException stillHeld(
      String id, Path directory, Duration wait, String describe) {
    return new UserInputException(
        describe
            + ": cache mount '"
            + id
            + "' ("
            + directory
            + ") was still in use by another build after "
            + human(wait)
            + ". Let that build finish and build again, give this step a cache of its own"
            + " ("
            + ConfigPaths.written(
                ConfigPaths.POM.steps().cache(),
                ConfigPaths.written(ConfigPaths.POM.steps().cacheId(), "another-id") + "...")
            + "), or wait longer with"
            + " -Dimage.cacheMounts.wait=1h");
  }

  static String human(Duration wait) {
    long seconds = wait.toSeconds();
    if (seconds == 0) {
      return wait.toMillis() + " ms";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the lock goes with the channel
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      semaphore.release();
    }
  }
}
