package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.SourceLayer;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.sharedcache.SharedStages;
import dev.imagesmith.stage.Fetching;
import dev.imagesmith.stage.IncrementalStage;
import dev.imagesmith.stage.SourceLinks;
import dev.imagesmith.stage.StageCache;
import dev.imagesmith.stage.StageKey;
import dev.imagesmith.stage.StageReport;
import dev.imagesmith.stage.StageRunner;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stages phase: builds each stage in order. One stage is a fresh sandbox, the stage's base
 * image applied layer by layer (whiteouts honoured), its steps in order, then its pruning ({@link
 * StagePruning}). With a {@link StageCache}, a stage whose {@link StageKey} is unchanged keeps the
 * sandbox of the last build instead, and an incremental stage whose key changed runs its steps on
 * the tree they left last time ({@link IncrementalStage}).
 */
final class StageBuilder {
  private final StageRunner runner;
  private final BaseImages bases;
  private final Path basedir;
  private final BuildLog log;
  private final StageCache<StageSummary> cache;
  private final FileHashes hashes;
  private final java.time.Instant timestamp;
  private SharedStages shared = SharedStages.NONE;

  /**
   * @param cache the stages kept from the last build, or {@code null} to build every stage
   * @param hashes hashes the stages' inputs for their keys (unused without a cache)
   * @param timestamp the build timestamp, part of a key where maintainer scripts see it
   */
  StageBuilder(
      StageRunner runner,
      BaseImages bases,
      Path basedir,
      BuildLog log,
      StageCache<StageSummary> cache,
      FileHashes hashes,
      java.time.Instant timestamp) {
    this.runner = runner;
    this.bases = bases;
    this.basedir = basedir;
    this.log = log;
    this.cache = cache;
    this.hashes = hashes;
    this.timestamp = timestamp;
  }

  /**
   * The stage builder of {@code plan}'s build, its sandboxes and cache in {@code workspace}; its
   * {@code download} and {@code debian} steps fetch as {@code fetching} says.
   */
  static StageBuilder forBuild(
      BuildPlan plan, BaseImages bases, Workspace workspace, Fetching fetching, BuildLog log)
      throws IOException {
    StageRunner runner =
        new StageRunner(
            plan.basedir(),
            plan.cacheDirectory(),
            plan.offline(),
            plan.platform(),
            fetching,
            plan.isolationMechanism(),
            plan.timestamp(),
            plan.cacheMounts(),
            log);
    runner.clearCacheMounts(plan.stages());
    runner.rememberCopies(plan.basedir(), workspace.hashes());
    if (workspace.stageCache() != null && workspace.hashes() != null) {
      runner.linkCopies();
    }
    return new StageBuilder(
        runner,
        bases,
        plan.basedir(),
        log,
        workspace.stageCache(),
        workspace.hashes(),
        plan.timestamp());
  }

  /** Each stage's key computed a moment ago by this build ({@link UpToDate}), by stage name. */
  private Map<String, String> knownKeys = Map.of();

  /** This builder, using {@code keys} (stage name to key) instead of computing them again. */
  StageBuilder knowing(Map<String, String> keys) {
    this.knownKeys = Map.copyOf(keys);
    return this;
  }

  /** This builder, asking {@code shared} for the stages the local cache does not have. */
  StageBuilder sharing(SharedStages shared) {
    this.shared = shared;
    return this;
  }

  /** Builds {@code stages} in order, each in its sandbox of {@code workspace}. */
  Map<String, BuiltStage> buildAll(List<StageSpec> stages, Workspace workspace) throws IOException {
    Map<String, BuiltStage> built = new LinkedHashMap<>();
    for (StageSpec stage : stages) {
      built.put(stage.name(), build(stage, workspace.stageRoot(stage.name())));
    }
    return built;
  }

  BuiltStage build(StageSpec spec, Path sandboxRoot) throws IOException {
    long started = System.nanoTime();
    log.info("Stage " + spec.name());
    // A kept sandbox is entered and written: never through a link (its parent is vetted).
    OwnDirectories.exists(sandboxRoot.getParent(), sandboxRoot);
    Optional<SourceImage> base =
        spec.from() == null ? Optional.empty() : bases.open(spec.from(), spec.fromWhere());
    String key = null;
    String baseDigest = base.map(b -> b.manifestDescriptor().digest().toString()).orElse(null);
    IncrementalStage incremental = IncrementalStage.none(spec);
    boolean keyAfterCopies = cache != null && keyAfterCopies(spec);
    if (keyAfterCopies) {
      // Nothing kept to compare a key with: the copies hash what they read, and the key is
      // computed from that after them (one read of each source instead of two).
      log.debug("  stage cache: no earlier build of stage " + spec.name() + ": run");
    }
    if (cache != null) {
      key =
          keyAfterCopies
              ? null
              : knownKeys.containsKey(spec.name())
                  ? knownKeys.get(spec.name())
                  : StageKey.of(spec, baseDigest, timestamp, hashes, basedir);
      Optional<StageCache.Kept<StageSummary>> kept =
          keyAfterCopies
              ? Optional.empty()
              : cache.reuse(spec.name(), key, sandboxRoot, log::debug);
      if (kept.isPresent() && !SourceLinks.unchanged(kept.get().sandbox(), hashes, log)) {
        kept = Optional.empty(); // a project file it linked was edited in place
      }
      if (kept.isPresent()) {
        log.info("  unchanged since the last build (configuration, inputs, base): not run again");
        StageSummary summary = kept.get().summary();
        shared.offer(spec, baseDigest, kept.get().sandbox(), summary);
        return new BuiltStage(
            spec,
            kept.get().sandbox(),
            spec.incremental().asked() ? summary.withBuild(IncrementalStage.UNCHANGED) : summary,
            key,
            true);
      }
      cache.forget(spec.name());
      incremental =
          IncrementalStage.of(spec, cache.stateDirectory(), baseDigest, timestamp, hashes, basedir);
    }
    // An incremental stage's steps run again on the tree they left; another runner's stage from
    // the shared cache saves running them; any other stage runs from scratch.
    Sandbox sandbox = incremental.restore(sandboxRoot, log).orElse(null);
    if (sandbox == null) {
      deleteSandbox(sandboxRoot);
      Optional<SharedStages.Restored> restored = shared.restore(spec, baseDigest, sandboxRoot);
      if (restored.isPresent()) {
        if (cache != null) {
          cache.remember(spec.name(), key, restored.get().sandbox(), restored.get().summary());
        }
        return new BuiltStage(spec, restored.get().sandbox(), restored.get().summary(), key, false);
      }
      sandbox = Sandbox.create(sandboxRoot);
      if (base.isPresent()) {
        applyBase(base.get(), sandbox);
      }
    }
    StageReport report =
        runner.run(
            spec,
            sandbox,
            base.map(image -> image.config().env()).orElse(List.of()),
            incremental.run());
    StagePruning.Pruned pruned =
        StagePruning.prune(spec, sandbox, incremental.asideForPrune(sandbox), log);
    log.info(
        String.format(
            Locale.ROOT,
            "Stage %s done: %s after prune (%.1f s)",
            spec.name(),
            Sizes.human(pruned.sizeAfter()),
            (System.nanoTime() - started) / 1e9));
    StageSummary summary =
        new StageSummary(
            spec.name(),
            spec.from() == null ? null : BaseDisplay.of(spec.from(), basedir),
            pruned.sizeBefore(),
            pruned.sizeAfter(),
            pruned.savings(),
            report.steps(),
            incremental.build());
    if (hashes != null && !keyAfterCopies) {
      // Pruning unlinked some: their project files' ctime moved (the key after the copies reads
      // them again itself, from its own walk).
      hashes.linked().refresh();
    }
    if (keyAfterCopies) {
      key = StageKey.ofCopied(spec, baseDigest, timestamp, hashes, basedir);
      if (key == null) {
        log.debug(
            "  stage cache: a source of stage "
                + spec.name()
                + " changed since it was copied (or is too new to vouch for): not kept");
      }
    }
    if (cache != null && key != null) {
      cache.remember(spec.name(), key, sandbox, summary);
      incremental.remember(report, pruned.removed());
    }
    shared.offer(spec, baseDigest, sandbox, summary);
    return new BuiltStage(spec, sandbox, summary, cache == null ? null : key, false);
  }

  /**
   * Whether the stage's key can wait until its copies ran: a stage of copy steps alone (nothing
   * else reads the project or runs), not incremental, that the stage cache holds no earlier build
   * of (no key to compare) and that the shared cache is not asked for (its key comes first).
   */
  private boolean keyAfterCopies(StageSpec spec) {
    return shared == SharedStages.NONE
        && !spec.incremental().asked()
        && StageKey.copiesOnly(spec)
        && !cache.holds(spec.name());
  }

  /**
   * Deletes the last build's sandbox. A stage-isolated step of a build that was killed may have
   * left files owned by ids of the user's subordinate range, which the user cannot delete: those
   * are given back through a user namespace first.
   */
  private void deleteSandbox(Path sandboxRoot) throws IOException {
    try {
      HostFiles.deleteTree(sandboxRoot);
    } catch (FileSystemException e) {
      if (!IsolationProbe.reclaim(sandboxRoot)) {
        throw e;
      }
      log.info("  gave back files a killed stage-isolated step left to other owners");
      HostFiles.deleteTree(sandboxRoot);
    }
  }

  private void applyBase(SourceImage base, Sandbox sandbox) throws IOException {
    ArchiveExtractor extractor = new ArchiveExtractor();
    for (SourceLayer layer : base.layers()) {
      try (InputStream in = layer.openRaw()) {
        extractor.applyLayer(in, sandbox, layer.description());
      }
    }
    log.info("  from " + base.name() + ": " + base.layers().size() + " layers applied");
  }
}
