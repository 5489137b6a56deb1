package dev.imagesmith.pipeline;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.image.BlobSource;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.SourceLayer;
import dev.imagesmith.image.VerifyingInputStream;
import dev.imagesmith.inspect.ImageInspector;
import dev.imagesmith.layer.BaseIndexCache;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final image: the base's layers as they are (never recompressed), then one new layer per
 * {@code <layer>} made only from the selected path of its stage, then the config with the container
 * settings. With a {@link LayerCache}, a layer whose entries and file contents are unchanged is
 * taken from the cache instead of being compressed again.
 *
 * <p>Every layer is applied, as it is added, to one model of the image's filesystem (the {@link
 * LowerIndex} the writer consults is its view): what the checks then inspect, so that the finished
 * image is never read back.
 */
final class ImageAssembler {
  /**
   * The assembled image and, for the reports, every layer with its origin.
   *
   * @param written the layers this build wrote or took from the cache (not the base's)
   * @param filesystem what the layers make, base and written, for the checks
   */
  record Assembled(
      BuiltImage image,
      List<LayerSummary> layers,
      List<WrittenLayer> written,
      ImageInspector filesystem) {}

  private final BuildLog log;
  private final Duration progressInterval;

  ImageAssembler(BuildLog log) {
    this(log, Progress.DEFAULT_INTERVAL);
  }

  /**
   * @param progressInterval how often a layer still being compressed says how far it is
   */
  ImageAssembler(BuildLog log, Duration progressInterval) {
    this.log = log;
    this.progressInterval = progressInterval;
  }

  /**
   * Writes {@code layers} (the plan's, with the {@code project} stage's split layers expanded) over
   * the base.
   *
   * @param cache the layer cache, or {@code null} to compress every layer
   * @param baseIndexes where the base's lower index is kept, or {@code null} to read the base
   */
  Assembled assemble(
      BuildPlan plan,
      List<LayerSpec> layers,
      Optional<SourceImage> base,
      Map<String, BuiltStage> stages,
      Platform platform,
      Path blobDirectory,
      LayerCache cache,
      BaseIndexCache baseIndexes)
      throws IOException {
    List<BlobSource> blobs = new ArrayList<>();
    List<LayerSummary> summaries = new ArrayList<>();
    List<WrittenLayer> writtenLayers = new ArrayList<>();
    LowerIndex lower = LowerIndex.empty();
    ImageConfig config = ImageConfig.scratch(platform);
    if (base.isPresent()) {
      config = base.get().config();
      List<SourceLayer> baseLayers = base.get().layers();
      List<Long> sizes = new ArrayList<>();
      lower = baseIndex(baseLayers, baseIndexes, sizes);
      for (int i = 0; i < baseLayers.size(); i++) {
        SourceLayer layer = baseLayers.get(i);
        blobs.add(layer);
        summaries.add(
            new LayerSummary(
                layer.descriptor().digest(),
                layer.diffId(),
                layer.descriptor().mediaType(),
                layer.descriptor().size(),
                sizes.get(i),
                null,
                null));
      }
    }
    String created = ImageConfig.rfc3339(plan.timestamp());
    config = config.withCreated(plan.timestamp());
    LayerWriter writer = new LayerWriter(plan.compression(), plan.timestamp(), lower, cache);
    for (LayerSpec spec : layers) {
      BuiltStage stage = stages.get(spec.stage());
      if (stage == null) {
        throw new UserInputException(
            spec.where() + ": unknown stage '" + spec.stage() + "'; stages are " + stages.keySet());
      }
      LayerSources.requireExists(spec, stage, stages, plan.paths());
      long started = System.nanoTime();
      int reusedBefore = writer.reusedCount();
      WrittenLayer written;
      try (Progress progress =
          new Progress(
              log,
              "Layer " + spec.stage() + ":" + spec.path() + " tarred and compressed",
              -1,
              writer::bytesTarred,
              progressInterval)) {
        written =
            writer.write(stage.sandbox(), spec.path(), spec.path(), blobDirectory, spec.owner());
      } catch (UserInputException e) {
        throw new UserInputException(spec.where() + ": " + e.getMessage(), e);
      }
      lower.add(
          written,
          "layer " + (summaries.size() + 1) + " (" + spec.stage() + ":" + spec.path() + ")");
      writtenLayers.add(written);
      blobs.add(BlobSource.ofFile(written.descriptor(), written.blob()));
      config =
          config.withLayer(
              written.diffId(),
              History.layer(
                  created,
                  "imagesmith COPY "
                      + (spec.owner() == null ? "" : "--chown=" + spec.owner() + " ")
                      + "--from="
                      + spec.stage()
                      + " "
                      + spec.path()
                      + " "
                      + spec.path()));
      summaries.add(
          new LayerSummary(
              written.digest(),
              written.diffId(),
              written.mediaType(),
              written.compressedSize(),
              written.uncompressedSize(),
              spec.stage(),
              spec.path()));
      log.info(
          String.format(
              java.util.Locale.ROOT,
              "Layer %s:%s  %d entries, %s, %s compressed (%.1f s%s)",
              spec.stage(),
              spec.path(),
              written.entryCount(),
              Sizes.human(written.uncompressedSize()),
              Sizes.human(written.compressedSize()),
              (System.nanoTime() - started) / 1e9,
              writer.reusedCount() > reusedBefore
                  ? ", unchanged: from the layer cache"
                  : ", "
                      + Sizes.human(
                          Math.round(
                              written.uncompressedSize()
                                  / Math.max((System.nanoTime() - started) / 1e9, 0.001)))
                      + "/s"));
    }
    log.info(
        "Layers: "
            + writer.compressedCount()
            + " compressed, "
            + writer.reusedCount()
            + " reused from the layer cache");
    config = ConfigFactory.apply(config, plan.container());
    return new Assembled(
        BuiltImage.of(config, blobs, baseAnnotations(plan, base)),
        summaries,
        writtenLayers,
        lower.layers());
  }

  /**
   * What the base's layers hold, for the writer (which directories the base has: their modes win;
   * which paths are symlinks there: never shadowed by a directory entry) and for the checks (what
   * each file's bytes say). Read from the layers (each decompressed once, its diffID checked over
   * every byte) unless {@code baseIndexes} has it from an earlier build on the same layers.
   *
   * @param sizes receives each layer's uncompressed size
   */
  private LowerIndex baseIndex(
      List<SourceLayer> layers, BaseIndexCache baseIndexes, List<Long> sizes) throws IOException {
    List<String> key =
        layers.stream().map(layer -> layer.descriptor().digest() + " " + layer.diffId()).toList();
    if (baseIndexes != null) {
      Optional<BaseIndexCache.Hit> hit = baseIndexes.load(key);
      log.debug(
          "Base index cache: key "
              + String.join(", ", key)
              + (hit.isPresent() ? " found" : " not found: the base's layers are read"));
      if (hit.isPresent()) {
        sizes.addAll(hit.get().uncompressedSizes());
        return hit.get().index();
      }
    }
    LowerIndex lower = LowerIndex.empty();
    for (SourceLayer layer : layers) {
      try (VerifyingInputStream tar = layer.openUncompressed()) {
        lower.addLayer(tar, layer.description());
        tar.drainAndVerify(); // the diffID is checked here, over every byte
        sizes.add(tar.count());
      }
    }
    if (baseIndexes != null) {
      baseIndexes.store(key, lower, sizes);
    }
    return lower;
  }

  /**
   * The OCI base-image annotations for a registry base: they let a push mount the base's layers
   * from its repository instead of uploading them.
   */
  private static Map<String, String> baseAnnotations(BuildPlan plan, Optional<SourceImage> base) {
    if (!(plan.from() instanceof dev.imagesmith.plan.BaseSpec.Registry) || base.isEmpty()) {
      return Map.of();
    }
    return Map.of(
        dev.imagesmith.registry.RegistryPusher.BASE_NAME,
        base.get().name(),
        "org.opencontainers.image.base.digest",
        base.get().manifestDescriptor().digest().toString());
  }
}
