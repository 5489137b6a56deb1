package dev.imagesmith.sharedcache;

import dev.imagesmith.image.Descriptor;
import java.util.List;

/**
 * What a stage's entry in the shared cache is: an {@link EntryManifest} of artifact type {@value
 * #ARTIFACT_TYPE}, tagged {@code stage-<key>} ({@link PortableStageKey#tag}), whose two layers are
 *
 * <ol>
 *   <li>{@value #TREE_TYPE}: the stage's sandbox after pruning as one tar, zstd-compressed, written
 *       by the layer writer from the sandbox with its metadata overlay (owners, all 12 mode bits,
 *       hardlinks, device nodes, xattrs) and the real mtimes (no clamp: the image's layers clamp
 *       them as they would a stage built here), and read back by the hardened layer extractor;
 *   <li>{@value #SUMMARY_TYPE}: the stage's summary (sizes, prune savings, steps) as the stage
 *       cache keeps it, for the reports.
 * </ol>
 *
 * <p>Annotations: the key, the stage's name, the plugin version, when it was pushed ({@code
 * org.opencontainers.image.created}, what an age limit and a prune script read) and the seal
 * ({@link EntrySeal}) over all of them and the layers.
 */
final class StageEntry {
  static final String ARTIFACT_TYPE = "application/vnd.imagesmith.stage.v1";
  static final String TREE_TYPE = "application/vnd.imagesmith.stage.tree.v1.tar+zstd";
  static final String SUMMARY_TYPE = "application/vnd.imagesmith.stage.summary.v1+json";

  static final String KEY = "dev.imagesmith.stage.key";
  static final String NAME = "dev.imagesmith.stage.name";
  static final String VERSION = "dev.imagesmith.version";
  static final String CREATED = "org.opencontainers.image.created";
  static final String SEAL = "dev.imagesmith.seal";

  /** A summary is a few kilobytes; more is no summary of ours. */
  static final int MAX_SUMMARY_BYTES = 4 << 20;

  private StageEntry() {}

  /** The layers of an entry, tree first. */
  static List<Descriptor> layers(Descriptor tree, Descriptor summary) {
    return List.of(tree, summary);
  }
}
