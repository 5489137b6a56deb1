package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wait for a cache mount ({@code image.cacheMounts.wait}) at the ends of its range. */
class CacheMountLockTest {
  /** {@code -Dimage.cacheMounts.wait=999999999h}: the longest wait the configuration accepts. */
  static final Duration LONGEST = Duration.ofHours(999_999_999);

  @TempDir Path temp;

  @Test
  void longestWait_freeMount_isTakenNotAnArithmeticOverflow() throws Exception {
    try (CacheMountLock lock = acquire(LONGEST)) {
      assertTrue(lock != null);
    }
  }

  @Test
  void longestWait_heldInThisJvm_waitsUntilReleased() throws Exception {
    RecordingLog log = new RecordingLog();
    CacheMountLock first = acquire(Duration.ZERO);
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () -> {
              try (CacheMountLock lock =
                  CacheMountLock.acquire(
                      temp.resolve("ccache.lock"),
                      "ccache",
                      temp.resolve("ccache"),
                      LONGEST,
                      "second",
                      log)) {
                // held, then released
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      while (!log.all().contains("is in use by another build")) {
        assertTrue(!second.isDone(), "the second did not wait: " + second);
        Thread.sleep(10);
      }
    } finally {
      first.close();
    }
    second.get(60, TimeUnit.SECONDS);
  }

  private CacheMountLock acquire(Duration wait) throws Exception {
    return CacheMountLock.acquire(
        temp.resolve("ccache.lock"),
        "ccache",
        temp.resolve("ccache"),
        wait,
        "stage 'b', step <run>[1]",
        new RecordingLog());
  }
}
