package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageInspector;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Optional;

/**
 * What the lower layers (base image and layers written before) hold, as the {@link LayerWriter}
 * asks: for each path its type, mode, owner and symlink target. The writer consults it so that a
 * new layer never changes a directory it merely passes through: the base's {@code /tmp} stays 1777,
 * and a path that is a symlink below ({@code lib64 -> usr/lib64}) is never shadowed by a directory
 * entry (security-cases.md L29, "Layer rules").
 *
 * <p>It is the writer's view of the image's filesystem model, {@link ImageInspector}: layers apply
 * there as an extractor applies them (layer.md, with the sandbox's whiteout rule and in-root
 * resolution), and the same model, once every layer is in, is what the checks inspect.
 *
 * <p>Mutable and not thread-safe: one build extends it layer by layer.
 */
public final class LowerIndex {
  private final ImageInspector layers;

  private LowerIndex(ImageInspector layers) {
    this.layers = layers;
  }

  /** An index of nothing: building {@code FROM scratch}. */
  public static LowerIndex empty() {
    return new LowerIndex(new ImageInspector(null));
  }

  /** The index of what {@code layers} holds (their model is shared, not copied). */
  public static LowerIndex of(ImageInspector layers) {
    return new LowerIndex(layers);
  }

  /**
   * An index of uncompressed tar layers applied in order ({@code layers[0]} = the base's bottom
   * layer). Each stream is read to its end and not closed.
   */
  public static LowerIndex fromLayers(Iterable<? extends InputStream> layers) throws IOException {
    LowerIndex index = empty();
    int number = 0;
    for (InputStream layer : layers) {
      index.addLayer(layer, "lower layer " + number++);
    }
    return index;
  }

  /** Applies one more uncompressed tar layer; see {@link #addLayer(InputStream, String)}. */
  public LowerIndex addLayer(InputStream tar) throws IOException {
    return addLayer(tar, "layer");
  }

  /**
   * Applies one more uncompressed tar layer on top, read to its end so that a digest-verifying
   * stream underneath sees every byte; the stream is not closed.
   *
   * @param source names the layer in error messages (for example its digest)
   * @throws UserInputException if the tar is not a valid layer
   */
  public LowerIndex addLayer(InputStream tar, String source) throws IOException {
    layers.addTar(tar, source, false);
    return this;
  }

  /** Adds what a layer written by {@link LayerWriter} holds (call after each written layer). */
  public LowerIndex add(WrittenLayer layer) throws IOException {
    return add(layer, "layer " + (layers.layerCount() + 1));
  }

  /**
   * As {@link #add(WrittenLayer)}, naming the layer in the inspection ({@code "layer 3
   * (builder:/install)"}).
   */
  public LowerIndex add(WrittenLayer layer, String description) throws IOException {
    layers.addWritten(description, layer.entries());
    return this;
  }

  /** The entry recorded at exactly {@code cleanPath}, without resolving any symlink. */
  public Optional<ImageFile> get(String cleanPath) {
    return layers.tree().get(cleanPath);
  }

  /**
   * What an extractor finds at {@code cleanPath}: parent components resolved through the index's
   * symlinks, the last component not followed (a symlink there is the answer); empty where the
   * links loop.
   */
  public Optional<ImageFile> lookup(String cleanPath) {
    return layers.tree().resolve(cleanPath, false).flatMap(this::get);
  }

  /** Number of paths recorded. */
  public int size() {
    return layers.tree().all().size();
  }

  /** The image's filesystem model this index reads: what the checks inspect once all is in. */
  public ImageInspector layers() {
    return layers;
  }

  /**
   * Every entry, sorted by path, at the path where it lands, with all that is known of it (the
   * facts of its bytes included, read now where they were deferred).
   */
  Collection<ImageFile> entries() throws IOException {
    return layers.inspection(null).tree().all();
  }

  /** Where an entry named {@code cleanPath} lands (its parents resolved in-root). */
  String resolveParents(String cleanPath) {
    return layers.tree().resolve(cleanPath, false).orElse(cleanPath);
  }
}
