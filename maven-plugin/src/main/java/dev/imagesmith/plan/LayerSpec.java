package dev.imagesmith.plan;

/**
 * One layer of the final image: the tree at {@code path} in stage {@code stage}, placed at the same
 * path in the image ({@code COPY --from=stage path path}).
 *
 * @param path {@code null} only for the built-in stage {@code project} ({@link
 *     ProjectArtifacts#STAGE}): its parts become separate layers, split by how often they change
 * @param owner the owner every entry of the selected tree gets, {@code null} for the stage's own
 */
public record LayerSpec(String stage, String path, String where, LayerOwner owner) {
  /** A layer whose entries keep the stage's owners. */
  public LayerSpec(String stage, String path, String where) {
    this(stage, path, where, null);
  }
}
