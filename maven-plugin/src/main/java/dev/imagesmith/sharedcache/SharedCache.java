package dev.imagesmith.sharedcache;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.layer.SharedLayers;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryMirrors;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryRef;
import dev.imagesmith.registry.RetryPolicy;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The shared cache of one build ({@code <sharedCache>}): stages ({@link StageSharing}) and
 * compressed layers ({@link LayerSharing}) restored from and pushed to a repository of an OCI
 * registry that the whole fleet of runners shares, under keys that do not depend on where a
 * checkout lives ({@link PortableStageKey}, {@code layer.LayerKey}).
 *
 * <p>The registry is reached exactly as the build's images are (credentials from {@code <auth>},
 * settings.xml and docker's config.json, TLS trust, {@code <insecureRegistries>}, proxies), never
 * through the registry mirrors (they mirror images, not this repository), with two tries per
 * request instead of five and {@code <sharedCacheTimeout>} as the longest wait: a cache that does
 * not answer costs one bounded wait and a warning, and the build goes on ({@link CacheRepository}).
 * A build without {@code <sharedCachePush>} sends no request that writes.
 */
public final class SharedCache {
  /** Two tries, short pauses: a missed cache costs a build step, never a failed build. */
  static final RetryPolicy RETRY =
      new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1));

  /** Where entries are downloaded to and written, below the work directory. */
  static final String SCRATCH = "shared-cache";

  /** No shared cache: stages and layers are neither looked for nor offered. */
  static final SharedCache OFF = new SharedCache(SharedStages.NONE, SharedLayers.NONE);

  private final SharedStages stages;
  private final SharedLayers layers;

  private SharedCache(SharedStages stages, SharedLayers layers) {
    this.stages = stages;
    this.layers = layers;
  }

  /** What the stages phase asks. */
  public SharedStages stages() {
    return stages;
  }

  /** What the layer cache asks. */
  public SharedLayers layers() {
    return layers;
  }

  /** {@code cache} asking this shared cache; {@code null} (no layer cache) stays {@code null}. */
  public LayerCache sharing(LayerCache cache) {
    return cache == null ? null : cache.sharing(layers);
  }

  /**
   * The shared cache of {@code plan}'s build, or {@link SharedStages#NONE} when there is none, the
   * cache is off ({@code image.cache=false}: nothing is reused or kept) or Maven is offline.
   *
   * @param registryOptions how the build reaches registries, for {@code <from>} and {@code <to>}
   * @param hashes the file-hash memo of the build (non-null when the cache is on)
   */
  public static SharedCache open(
      BuildPlan plan, RegistryOptions registryOptions, FileHashes hashes, BuildLog log)
      throws IOException {
    SharedCacheSpec spec = plan.sharedCache();
    if (!spec.enabled()) {
      return OFF;
    }
    if (!plan.cache() || hashes == null) {
      log.info("Shared cache " + spec.location() + " not used: the cache is off (image.cache)");
      return OFF;
    }
    if (plan.offline() || registryOptions.offline()) {
      log.info("Shared cache " + spec.location() + " not used: Maven is offline");
      return OFF;
    }
    Path work = plan.workDirectory();
    Path scratch = OwnDirectories.ensure(work, work.resolve(SCRATCH));
    String extra = ExtraKey.of(spec.extraKey(), spec.keyCommand(), plan.basedir(), scratch, log);
    Registries registries = new Registries(forCache(registryOptions, spec), retriesQuiet(log));
    CacheRepository repository = new CacheRepository(spec, registries.client(spec.registry()), log);
    log.info(
        "Shared cache "
            + spec.location()
            + (spec.push()
                ? ": stages and layers are read from it and pushed to it"
                : ": stages and layers are read from it, nothing is pushed ("
                    + ConfigPaths.POM.sharedCache().push()
                    + " is false)"));
    return new SharedCache(
        new StageSharing(
            repository,
            new PortableStageKey.Context(
                plan.timestamp(),
                plan.platform(),
                plan.basedir(),
                spec.checkoutRoot(),
                hashes,
                extra),
            scratch,
            log),
        new LayerSharing(repository, mountSource(plan, spec), scratch, log));
  }

  /** The build's registry options with the shared cache's patience. */
  static RegistryOptions forCache(RegistryOptions options, SharedCacheSpec spec) {
    return new RegistryOptions(
        options.credentials(),
        options.insecureRegistries(),
        options.sslContext(),
        RETRY,
        false,
        new TransferLimits(spec.timeout(), Duration.ofHours(6), Long.MAX_VALUE),
        options.proxies(),
        RegistryMirrors.NONE);
  }

  /**
   * {@code log}, with the client's warnings about each retried request at debug level: the shared
   * cache's one warning ({@link CacheRepository}) says what the retries came to.
   */
  private static BuildLog retriesQuiet(BuildLog log) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        log.info(message);
      }

      @Override
      public void warn(String message) {
        log.debug(message);
      }

      @Override
      public void debug(String message) {
        log.debug(message);
      }
    };
  }

  /**
   * The repository of {@code <to>} when it is on the cache's registry: a layer blob an image push
   * put there is mounted into the cache's repository rather than uploaded again.
   */
  private static String mountSource(BuildPlan plan, SharedCacheSpec spec) {
    try {
      RegistryRef to = RegistryRef.parse(plan.to().image(), plan.paths().toImage());
      return to.registry().equals(spec.registry()) && !to.repository().equals(spec.repository())
          ? to.repository()
          : null;
    } catch (RuntimeException notARegistryName) {
      return null;
    }
  }
}
