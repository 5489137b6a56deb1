package dev.imagesmith.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A finished single-platform image ready for a writer: its config, its layer blobs (base first) and
 * the manifest made from them. The config's {@code rootfs.diff_ids} must have one entry per layer
 * (security-cases.md N11).
 */
public final class BuiltImage {
  private final ImageConfig config;
  private final List<BlobSource> layers;
  private final BlobSource configBlob;
  private final Manifest manifest;
  private final BlobSource manifestBlob;

  private BuiltImage(
      ImageConfig config, List<BlobSource> layers, Map<String, String> manifestAnnotations) {
    this.config = config;
    this.layers = List.copyOf(layers);
    int diffIds = config.diffIds().size();
    if (diffIds != this.layers.size()) {
      throw new IllegalArgumentException(
          "config has "
              + diffIds
              + " diff_ids but the image has "
              + this.layers.size()
              + " layers");
    }
    if (this.layers.size() > Manifest.MAX_LAYERS) {
      throw new IllegalArgumentException("more than " + Manifest.MAX_LAYERS + " layers");
    }
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (BlobSource layer : this.layers) {
      if (!Manifest.LAYER_TYPES.contains(layer.descriptor().mediaType())) {
        throw new IllegalArgumentException("not a layer media type: " + layer.descriptor());
      }
      layerDescriptors.add(layer.descriptor());
    }
    this.configBlob = BlobSource.ofBytes(MediaTypes.OCI_CONFIG, config.toJson());
    this.manifest = Manifest.of(configBlob.descriptor(), layerDescriptors, manifestAnnotations);
    this.manifestBlob = BlobSource.ofBytes(MediaTypes.OCI_MANIFEST, manifest.toJson());
  }

  public static BuiltImage of(
      ImageConfig config, List<? extends BlobSource> layers, Map<String, String> annotations) {
    return new BuiltImage(config, List.copyOf(layers), annotations);
  }

  public ImageConfig config() {
    return config;
  }

  public List<BlobSource> layers() {
    return layers;
  }

  public Manifest manifest() {
    return manifest;
  }

  public BlobSource configBlob() {
    return configBlob;
  }

  public BlobSource manifestBlob() {
    return manifestBlob;
  }

  /** The manifest's descriptor: its digest is the image's digest. */
  public Descriptor manifestDescriptor() {
    return manifestBlob.descriptor();
  }

  /** Every blob of the image: layers, config, manifest. */
  public List<BlobSource> blobs() {
    List<BlobSource> all = new ArrayList<>(layers);
    all.add(configBlob);
    all.add(manifestBlob);
    return all;
  }
}
