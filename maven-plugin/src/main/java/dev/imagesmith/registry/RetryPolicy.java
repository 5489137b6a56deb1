package dev.imagesmith.registry;

import java.time.Duration;

/**
 * How often and how patiently a failed request is repeated (security-cases.md N8): exponential
 * backoff with jitter, a server's {@code Retry-After} honoured up to {@code maxDelay}.
 *
 * @param attempts total tries of one operation, at least 1
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /**
   * The pause before try {@code attempt + 1}.
   *
   * @param retryAfter the server's wish, or {@code null}
   */
  Duration delay(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }
    long base = baseDelay.toMillis() << Math.min(attempt - 1, 16);
    long jitter = (long) (Math.random() * baseDelay.toMillis());
    return Duration.ofMillis(Math.min(base + jitter, maxDelay.toMillis()));
  }
}
