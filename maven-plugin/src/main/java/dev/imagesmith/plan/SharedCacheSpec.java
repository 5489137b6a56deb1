package dev.imagesmith.plan;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The fleet's shared build cache in an OCI registry ({@code <sharedCache>}): where it is, whether
 * this build writes to it, and what else goes into its keys.
 *
 * @param registry {@code host[:port]} of the cache, {@code null} when there is no shared cache
 * @param repository the repository below it, for example {@code team/imagesmith-cache}
 * @param push whether this build writes what it made ({@code <sharedCachePush>}); never otherwise
 * @param required whether the cache being unreachable fails the build instead of costing a warning
 * @param extraKey text the user adds to every stage's key ({@code <sharedCacheKey>}), or {@code
 *     null}
 * @param keyCommand a host command whose output is added to every stage's key ({@code
 *     <sharedCacheKeyCommand>}, say {@code cc --version}), or {@code null}
 * @param maxEntryBytes the largest entry this build pushes or reads
 * @param maxAge entries pushed longer ago than this are not used, {@code null} for no limit
 * @param timeout the longest one question to the cache may take before the build goes on without it
 * @param checkoutRoot the directory paths in the configuration are named relative to in the keys
 *     (the reactor's top project), so that two checkouts in different places share entries
 */
public record SharedCacheSpec(
    String registry,
    String repository,
    boolean push,
    boolean required,
    String extraKey,
    String keyCommand,
    long maxEntryBytes,
    Duration maxAge,
    Duration timeout,
    Path checkoutRoot) {
  /** The largest entry by default: 2 GiB. */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 2L << 30;

  /** How long one question may take by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** No shared cache. */
  public static final SharedCacheSpec NONE =
      new SharedCacheSpec(
          null,
          null,
          false,
          false,
          null,
          null,
          DEFAULT_MAX_ENTRY_BYTES,
          null,
          DEFAULT_TIMEOUT,
          null);

  public SharedCacheSpec {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxEntryBytes <= 0) {
      throw new IllegalArgumentException("maxEntryBytes must be positive: " + maxEntryBytes);
    }
  }

  /** Whether a shared cache is configured. */
  public boolean enabled() {
    return registry != null;
  }

  /** {@code host[:port]/repository}, as the user named it. */
  public String location() {
    return registry + "/" + repository;
  }
}
