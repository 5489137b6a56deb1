package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.layer.BaseIndexCache;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.layer.WorkBlobs;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.report.StageSummaryJson;
import dev.imagesmith.stage.StageCache;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.store.OutputReuse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories of one build, vetted, and the caches kept in them: the work directory ({@link
 * WorkDirectory}: stage sandboxes and their state, layer blobs, the file-hash memo), the output
 * directory (whose earlier outputs are set aside first, {@link OutputReuse}) and the user's cache
 * directory (layers, base indexes). Without {@code <cache>} every cache here is off.
 *
 * <p>The plugin's own directories are real directories, never links: vetted before anything in them
 * is listed, moved or deleted (security cases W).
 */
final class Workspace {
  private final BuildPlan plan;
  private final Path work;
  private final Path outputRoot;
  private final FileHashes hashes;
  private final OutputReuse previousOutputs;

  private Workspace(
      BuildPlan plan, Path work, Path outputRoot, FileHashes hashes, OutputReuse previousOutputs) {
    this.plan = plan;
    this.work = work;
    this.outputRoot = outputRoot;
    this.hashes = hashes;
    this.previousOutputs = previousOutputs;
  }

  /**
   * Vets the directories, sets the earlier outputs aside (digest first; those this build would
   * write alike come back) and prepares the work directory.
   */
  static Workspace open(BuildPlan plan) throws IOException {
    Path output = plan.outputDirectory();
    Path cacheDirectory = plan.cacheDirectory();
    Path work = WorkDirectory.vet(plan);
    Path outputRoot = OwnDirectories.trustedRoot(plan.buildDirectory(), output);
    OwnDirectories.exists(outputRoot, output);
    OwnDirectories.exists(
        OwnDirectories.trustedRoot(plan.buildDirectory(), cacheDirectory), cacheDirectory);
    OutputReuse previous =
        OutputReuse.setAside(output, work, plan.cache(), OutputFiles.IN_SET_ASIDE_ORDER);
    OutputFiles.clearStale(output);
    WorkDirectory.prepare(work, plan);
    FileHashes hashes =
        plan.cache() ? FileHashes.load(work.resolve(WorkDirectory.FILE_HASHES)) : null;
    return new Workspace(plan, work, outputRoot, hashes, previous);
  }

  /** The build's work directory (in {@code target/}). */
  Path work() {
    return work;
  }

  /** Where the sandbox of stage {@code name} is kept. */
  Path stageRoot(String name) {
    return work.resolve(WorkDirectory.STAGES).resolve(name);
  }

  /** Where this build's layer blobs are written. */
  Path blobs() {
    return work.resolve(WorkDirectory.BLOBS);
  }

  /** The file-hash memo, or null without the cache (files are then hashed as needed). */
  FileHashes hashes() {
    return hashes;
  }

  /** The stages kept from the last build, or null without the cache. */
  StageCache<StageSummary> stageCache() {
    return plan.cache()
        ? new StageCache<>(
            work.resolve(WorkDirectory.STAGE_STATE),
            StageSummaryJson::toTree,
            StageSummaryJson::fromTree)
        : null;
  }

  /** The compressed layers of earlier builds, or null without the cache. */
  LayerCache layerCache(BuildLog log) throws IOException {
    return plan.cache() ? LayerCache.open(cacheSubdirectory("layers"), hashes, log) : null;
  }

  /** What earlier builds learned of base images' layers, or null without the cache. */
  BaseIndexCache baseIndexes() throws IOException {
    return plan.cache() ? new BaseIndexCache(cacheSubdirectory("base-index")) : null;
  }

  /** The outputs of the last build, set aside. */
  OutputReuse previousOutputs() {
    return previousOutputs;
  }

  /** The output directory, created (a real directory) for the outputs. */
  Path output() throws IOException {
    return OwnDirectories.ensure(outputRoot, plan.outputDirectory());
  }

  /**
   * Keeps the work directory's blobs of this image and remembers their hashes, then saves the memo:
   * last, once the outputs' links have moved the blobs' ctimes for this build.
   */
  void finish(List<WrittenLayer> written) throws IOException {
    if (hashes != null) {
      WorkBlobs.settle(blobs(), written, hashes);
      hashes.save();
    }
  }

  private Path cacheSubdirectory(String name) throws IOException {
    Path cache = plan.cacheDirectory();
    return OwnDirectories.ensure(cache, cache.resolve(name));
  }
}
