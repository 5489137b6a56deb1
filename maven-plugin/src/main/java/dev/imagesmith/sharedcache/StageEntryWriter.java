package dev.imagesmith.sharedcache;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.report.StageSummaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pushes a stage's entry ({@link StageEntry}): the sandbox as one zstd tar and the summary, written
 * to the work directory, then uploaded (blobs the repository has are not sent again), the manifest
 * last, so that the tag never names a blob the registry does not have. Two builds pushing the same
 * key at once each push complete blobs and then one manifest: the tag ends on one of them, either
 * valid.
 */
final class StageEntryWriter {
  /** What was pushed. */
  record Pushed(Digest manifest, long bytes) {}

  private final CacheRepository repository;
  private final Path scratch;

  StageEntryWriter(CacheRepository repository, Path scratch) {
    this.repository = repository;
    this.scratch = scratch;
  }

  /**
   * Pushes the entry of {@code sandbox} under {@code key}'s tag.
   *
   * @return what was pushed, or empty when it was too big (said in {@code tooBig}) or the registry
   *     did not take it (the repository warned)
   */
  Optional<Pushed> push(
      PortableStageKey key,
      String stage,
      Sandbox sandbox,
      StageSummary summary,
      Instant now,
      Consumer<String> tooBig)
      throws IOException {
    SharedCacheSpec settings = repository.spec();
    Path directory = Files.createTempDirectory(scratch, "push-");
    try {
      // Instant.MAX: no clamp, the tree keeps the mtimes the stage has (see StageEntry).
      WrittenLayer tree =
          new LayerWriter(Compression.ZSTD, Instant.MAX, LowerIndex.empty())
              .write(sandbox, "/", "/", directory);
      byte[] summaryBytes = JsonTrees.compact(StageSummaryJson.toTree(summary));
      long bytes = tree.compressedSize() + summaryBytes.length;
      if (bytes > settings.maxEntryBytes()) {
        tooBig.accept(
            "  not pushed to the shared cache: "
                + bytes
                + " bytes, more than "
                + ConfigPaths.POM.sharedCache().maxEntrySize()
                + " ("
                + settings.maxEntryBytes()
                + ")");
        return Optional.empty();
      }
      Descriptor treeBlob =
          new Descriptor(StageEntry.TREE_TYPE, tree.digest(), tree.compressedSize());
      Descriptor summaryBlob =
          new Descriptor(
              StageEntry.SUMMARY_TYPE, Digest.ofBytes(summaryBytes), summaryBytes.length);
      Path summaryFile = Files.write(directory.resolve("summary.json"), summaryBytes);
      List<Descriptor> layers = StageEntry.layers(treeBlob, summaryBlob);
      String created = now.truncatedTo(ChronoUnit.SECONDS).toString();
      EntryManifest manifest =
          new EntryManifest(
              StageEntry.ARTIFACT_TYPE,
              layers,
              Map.of(
                  StageEntry.KEY, key.hex(),
                  StageEntry.NAME, stage,
                  StageEntry.VERSION, PluginVersion.get(),
                  StageEntry.CREATED, created,
                  StageEntry.SEAL, EntrySeal.of(key.sealKey(), key.hex(), stage, created, layers)));
      if (!repository.ensureEmptyConfig(scratch)
          || !repository.ensureBlob(summaryBlob, summaryFile)
          || !repository.ensureBlob(treeBlob, tree.blob())) {
        return Optional.empty();
      }
      return repository.pushManifest(key.tag(), manifest).map(digest -> new Pushed(digest, bytes));
    } finally {
      HostFiles.deleteTree(directory);
    }
  }
}
