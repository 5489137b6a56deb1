package dev.imagesmith.io;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A time as nanoseconds since the epoch: how the hash memo, the file system clock probe and the
 * sandbox metadata file compare and store file times (a number, never the JDK's text of it).
 */
public final class EpochNanos {
  private EpochNanos() {}

  public static long of(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  public static long of(FileTime time) {
    return of(time.toInstant());
  }
}
