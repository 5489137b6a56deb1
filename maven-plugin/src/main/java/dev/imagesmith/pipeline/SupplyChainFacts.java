package dev.imagesmith.pipeline;

import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.inspect.FileFacts;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.sbom.BuildFacts;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the SBOM and the provenance (package {@code sbom}) are made from: this build's own facts
 * (bases with their digests, stages with the Debian packages their steps installed, the layers as
 * written), nothing read again from the outputs.
 */
final class SupplyChainFacts {
  private SupplyChainFacts() {}

  static BuildFacts of(
      BuildPlan plan,
      BuiltImage image,
      Optional<SourceImage> base,
      BaseImages bases,
      Map<String, BuiltStage> stages,
      ProjectLayers.Prepared project,
      ImageAssembler.Assembled assembled,
      FileHashes hashes)
      throws IOException {
    List<BuildFacts.StageFacts> stageFacts = new ArrayList<>();
    for (BuiltStage stage : stages.values()) {
      BaseSpec from = stage.spec().from();
      Optional<SourceImage> opened =
          from == null ? Optional.empty() : bases.open(from, stage.spec().fromWhere());
      stageFacts.add(
          new BuildFacts.StageFacts(
              stage.spec(),
              opened.map(b -> baseFacts(from, plan, b)).orElse(null),
              stage.sandbox(),
              stage.summary().steps().stream().flatMap(s -> s.debianPackages().stream()).toList()));
    }
    List<BuildFacts.LayerFacts> layers = new ArrayList<>();
    for (int i = 0; i < project.layers().size(); i++) {
      LayerSpec spec = project.layers().get(i);
      layers.add(new BuildFacts.LayerFacts(spec.stage(), spec.path(), assembled.written().get(i)));
    }
    FileHashes memo = hashes != null ? hashes : FileHashes.load(null);
    // A file a layer's key hashed is not looked up again (WrittenFiles).
    FileFacts.Hasher hasher = assembled.filesystem().written().or(memo::hash);
    return new BuildFacts(
        plan.to().references().get(0),
        image.manifestDescriptor(),
        plan.platform(),
        plan.timestamp(),
        base.map(b -> baseFacts(plan.from(), plan, b)).orElse(null),
        stageFacts,
        layers,
        plan.project(),
        plan.supplyChain(),
        PluginVersion.get(),
        hasher::sha256,
        plan.basedir());
  }

  private static BuildFacts.BaseImage baseFacts(BaseSpec spec, BuildPlan plan, SourceImage image) {
    return new BuildFacts.BaseImage(
        BaseDisplay.of(spec, plan.basedir()),
        spec instanceof BaseSpec.Registry registry ? registry.reference() : null,
        image.manifestDescriptor().digest());
  }
}
