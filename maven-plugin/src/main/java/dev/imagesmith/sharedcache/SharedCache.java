package dev.imagesmith.sharedcache;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryMirrors;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RetryPolicy;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared cache of one build ({@code <sharedCache>}): stages restored from and pushed to a
 * repository of an OCI registry that the whole fleet of runners shares, under keys that do not
 * depend on where a checkout lives ({@link PortableStageKey}).
 *
 * <p>The registry is reached exactly as the build's images are (credentials from {@code <auth>},
 * settings.xml and docker's config.json, TLS trust, {@code <insecureRegistries>}, proxies), never
 * through the registry mirrors (they mirror images, not this repository), with two tries per
 * request instead of five and {@code <sharedCacheTimeout>} as the longest wait: a cache that does
 * not answer costs one bounded wait and a warning, and the build goes on ({@link CacheRepository}).
 * A build without {@code <sharedCachePush>} sends no request that writes.
 */
public final class SharedCache implements SharedStages {
  /** Two tries, short pauses: a missed cache costs a build step, never a failed build. */
  static final RetryPolicy RETRY =
      new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1));

  /** Where entries are downloaded to and written, below the work directory. */
  static final String SCRATCH = "shared-cache";

  private record Looked(PortableStageKey key, StageEntryReader.Found found) {}

  private final CacheRepository repository;
  private final PortableStageKey.Context context;
  private final StageEntryReader reader;
  private final StageEntryWriter writer;
  private final BuildLog log;
  private final Map<String, Looked> looked = new ConcurrentHashMap<>();

  private SharedCache(
      CacheRepository repository, PortableStageKey.Context context, Path scratch, BuildLog log) {
    this.repository = repository;
    this.context = context;
    this.reader = new StageEntryReader(repository, scratch);
    this.writer = new StageEntryWriter(repository, scratch);
    this.log = log;
  }

  /**
   * The shared cache of {@code plan}'s build, or {@link SharedStages#NONE} when there is none, the
   * cache is off ({@code image.cache=false}: nothing is reused or kept) or Maven is offline.
   *
   * @param registryOptions how the build reaches registries, for {@code <from>} and {@code <to>}
   * @param hashes the file-hash memo of the build (non-null when the cache is on)
   */
  public static SharedStages open(
      BuildPlan plan, RegistryOptions registryOptions, FileHashes hashes, BuildLog log)
      throws IOException {
    SharedCacheSpec spec = plan.sharedCache();
    if (!spec.enabled()) {
      return NONE;
    }
    if (!plan.cache() || hashes == null) {
      log.info("Shared cache " + spec.location() + " not used: the cache is off (image.cache)");
      return NONE;
    }
    if (plan.offline() || registryOptions.offline()) {
      log.info("Shared cache " + spec.location() + " not used: Maven is offline");
      return NONE;
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
                ? ": stages are read from it and pushed to it"
                : ": stages are read from it, nothing is pushed (<sharedCachePush> is false)"));
    return new SharedCache(
        repository,
        new PortableStageKey.Context(
            plan.timestamp(), plan.platform(), plan.basedir(), spec.checkoutRoot(), hashes, extra),
        scratch,
        log);
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

  @Override
  public Optional<Restored> restore(StageSpec spec, String baseDigest, Path sandboxRoot)
      throws IOException {
    long started = System.nanoTime();
    PortableStageKey key = PortableStageKey.of(spec, baseDigest, context);
    StageEntryReader.Lookup lookup;
    try {
      lookup = reader.restore(key, spec, sandboxRoot, Instant.now());
    } catch (EntryException e) {
      log.warn(
          "Shared cache: the entry for stage "
              + spec.name()
              + " is not used ("
              + e.getMessage()
              + "); the stage is built");
      lookup = StageEntryReader.Lookup.of(StageEntryReader.Found.UNUSABLE);
    }
    looked.put(spec.name(), new Looked(key, lookup.found()));
    switch (lookup.found()) {
      case RESTORED -> {
        log.info(
            String.format(
                Locale.ROOT,
                "  restored from the shared cache %s (%s, %.1f s): its steps did not run",
                repository.location() + ":" + key.tag(),
                Sizes.human(lookup.bytes()),
                (System.nanoTime() - started) / 1e9));
        return Optional.of(new Restored(lookup.sandbox(), lookup.summary()));
      }
      case STALE ->
          log.info("  the shared cache's entry is older than <sharedCacheMaxAge>: not used");
      case NONE -> log.debug("  shared cache: no entry " + key.tag() + ": the stage is built");
      default -> {}
    }
    return Optional.empty();
  }

  @Override
  public void offer(StageSpec spec, String baseDigest, Sandbox sandbox, StageSummary summary)
      throws IOException {
    if (!repository.spec().push() || repository.unavailable()) {
      return;
    }
    Looked earlier = looked.get(spec.name());
    PortableStageKey key;
    if (earlier == null) {
      // Kept from the last build: pushed only if the cache does not have it yet.
      key = PortableStageKey.of(spec, baseDigest, context);
      Optional<Boolean> present =
          repository.ask(
              "resolve tag " + key.tag(),
              repository.spec().timeout(),
              client -> client.manifestDigest(repository.repository(), key.tag()).isPresent());
      if (present.isEmpty() || present.get()) {
        return;
      }
    } else {
      key = earlier.key();
      if (earlier.found() == StageEntryReader.Found.UNAVAILABLE
          || earlier.found() == StageEntryReader.Found.RESTORED) {
        return;
      }
    }
    long started = System.nanoTime();
    Optional<StageEntryWriter.Pushed> pushed =
        writer.push(key, spec.name(), sandbox, summary, Instant.now(), log::info);
    pushed.ifPresent(
        entry ->
            log.info(
                String.format(
                    Locale.ROOT,
                    "  pushed to the shared cache %s (%s, %.1f s)",
                    repository.location() + ":" + key.tag(),
                    Sizes.human(entry.bytes()),
                    (System.nanoTime() - started) / 1e9)));
  }
}
