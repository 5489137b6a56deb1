package dev.imagesmith.plan;

import java.time.Duration;

/**
 * How the build treats the cache mounts of its run steps ({@link CacheMount}).
 *
 * @param clear whether the build empties, before its stages run, every cache mount its run steps
 *     name ({@code image.cacheMounts.clear})
 * @param maxWait how long a step waits for a cache mount another build holds before it fails
 *     ({@code image.cacheMounts.wait})
 */
public record CacheMountsSpec(boolean clear, Duration maxWait) {
  /** Kept, and waited for up to 30 minutes. */
  public static final CacheMountsSpec DEFAULT = new CacheMountsSpec(false, Duration.ofMinutes(30));

  public CacheMountsSpec {
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("a cache mount wait must be zero or more: " + maxWait);
    }
  }
}
