package dev.imagesmith.sharedcache;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stages of one build and the shared cache: a stage the local cache lacks is looked for under
 * its {@link PortableStageKey} and restored ({@link StageEntryReader}); a stage this build has is
 * pushed ({@link StageEntryWriter}) when this build pushes and the shared cache has no usable entry
 * for it: none, a damaged or foreign one, or one past the age limit.
 */
final class StageSharing implements SharedStages {
  private record Looked(PortableStageKey key, StageEntryReader.Found found) {}

  private final CacheRepository repository;
  private final PortableStageKey.Context context;
  private final StageEntryReader reader;
  private final StageEntryWriter writer;
  private final BuildLog log;
  private final Map<String, Looked> looked = new ConcurrentHashMap<>();

  StageSharing(
      CacheRepository repository, PortableStageKey.Context context, Path scratch, BuildLog log) {
    this.repository = repository;
    this.context = context;
    this.reader = new StageEntryReader(repository, scratch);
    this.writer = new StageEntryWriter(repository, scratch);
    this.log = log;
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
      Optional<Optional<Digest>> present = repository.resolve(key.tag());
      if (present.isEmpty() || present.get().isPresent()) {
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
