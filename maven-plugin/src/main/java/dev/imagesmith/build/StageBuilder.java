package dev.imagesmith.build;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.SourceLayer;
import dev.imagesmith.io.FileHashes;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.prune.PruneReport;
import dev.imagesmith.prune.Pruner;
import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.report.RuleSaving;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.stage.DiskUsage;
import dev.imagesmith.stage.StageKey;
import dev.imagesmith.stage.StageReport;
import dev.imagesmith.stage.StageRunner;
import dev.imagesmith.stage.StepReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds one stage: a fresh sandbox, the stage's base image applied layer by layer (whiteouts
 * honoured), its steps in order, then pruning. With a {@link StageCache}, a stage whose {@link
 * StageKey} is unchanged keeps the sandbox of the last build instead.
 */
final class StageBuilder {
  private final StageRunner runner;
  private final BaseImages bases;
  private final Path basedir;
  private final BuildLog log;
  private final StageCache cache;
  private final FileHashes hashes;
  private final java.time.Instant timestamp;

  StageBuilder(StageRunner runner, BaseImages bases, Path basedir, BuildLog log) {
    this(runner, bases, basedir, log, null, null, java.time.Instant.EPOCH);
  }

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
      StageCache cache,
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

  BuiltStage build(StageSpec spec, Path sandboxRoot) throws IOException {
    long started = System.nanoTime();
    log.info("Stage " + spec.name());
    // A kept sandbox is entered and written: never through a link (its parent is vetted).
    OwnDirectories.exists(sandboxRoot.getParent(), sandboxRoot);
    Optional<SourceImage> base =
        spec.from() == null ? Optional.empty() : bases.open(spec.from(), spec.where() + "/<from>");
    String key = null;
    if (cache != null) {
      key =
          StageKey.of(
              spec,
              base.map(b -> b.manifestDescriptor().digest().toString()).orElse(null),
              timestamp,
              hashes,
              basedir);
      Optional<BuiltStage> kept = cache.reuse(spec, key, sandboxRoot);
      if (kept.isPresent()) {
        log.info("  unchanged since the last build (configuration, inputs, base): not run again");
        return kept.get();
      }
      cache.forget(spec);
    }
    deleteSandbox(sandboxRoot);
    Sandbox sandbox = Sandbox.create(sandboxRoot);
    if (base.isPresent()) {
      applyBase(base.get(), sandbox);
    }
    StageReport report =
        runner.run(spec, sandbox, base.map(image -> image.config().env()).orElse(List.of()));
    PruneReport pruned = Pruner.prune(sandbox, spec.prune(), spec.where() + "/<prune>");
    long after = DiskUsage.of(sandbox, "/");
    for (RuleSavings rule : pruned.rules()) {
      if (rule.filesRemoved() > 0) {
        log.info(
            "  prune "
                + rule.rule()
                + ": "
                + rule.filesRemoved()
                + " files, "
                + Sizes.human(rule.bytesSaved()));
      }
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Stage %s done: %s after prune (%.1f s)",
            spec.name(),
            Sizes.human(after),
            (System.nanoTime() - started) / 1e9));
    StageSummary summary =
        new StageSummary(
            spec.name(),
            spec.from() == null ? null : BaseDisplay.of(spec.from(), basedir),
            report.sizeBeforePrune(),
            after,
            pruned.rules().stream()
                .map(rule -> new RuleSaving(rule.rule(), rule.filesRemoved(), rule.bytesSaved()))
                .toList(),
            steps(report.steps()));
    BuiltStage built = new BuiltStage(spec, sandbox, summary);
    if (cache != null) {
      cache.remember(built, key);
    }
    return built;
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

  private static List<StageSummary.StepSummary> steps(List<StepReport> steps) {
    return steps.stream()
        .map(
            step ->
                new StageSummary.StepSummary(
                    step.kind(),
                    step.where(),
                    step.seconds(),
                    step.maintainerScriptsNotRun(),
                    step.maintainerScriptsRun(),
                    step.debianPackages()))
        .toList();
  }
}
