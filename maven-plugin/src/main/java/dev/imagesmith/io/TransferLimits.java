package dev.imagesmith.io;

import java.time.Duration;

/**
 * How long a transfer may wait and how much it may bring (security-cases.md R13; the project's
 * catalogue class D). The JDK's {@code HttpRequest.timeout} ends when the response headers arrive,
 * so a server that sends the headers and then one byte a minute would hold a build for ever; these
 * limits cover the body.
 *
 * @param idleTimeout the longest wait for the next bytes of a body
 * @param totalTimeout the longest a whole transfer may take, from the request to the last byte
 * @param maxBytes the most bytes a body may have; a larger announced {@code Content-Length} is
 *     refused before reading, a body that grows past it is stopped
 */
public record TransferLimits(Duration idleTimeout, Duration totalTimeout, long maxBytes) {
  /** One minute without a byte, half an hour in all, 4 GiB. */
  public static final TransferLimits DEFAULT =
      new TransferLimits(Duration.ofSeconds(60), Duration.ofMinutes(30), 4L << 30);

  public TransferLimits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
    }
    if (totalTimeout.isNegative() || totalTimeout.isZero()) {
      throw new IllegalArgumentException("total timeout must be positive: " + totalTimeout);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maximum size must be positive: " + maxBytes);
    }
  }

  /** These limits with another maximum size. */
  public TransferLimits withMaxBytes(long bytes) {
    return new TransferLimits(idleTimeout, totalTimeout, bytes);
  }

  /** A duration as people read it: {@code 500 ms}, {@code 60 s}, {@code 30 min}, {@code 2 h}. */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + " ms";
    }
    long seconds = millis / 1000;
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
