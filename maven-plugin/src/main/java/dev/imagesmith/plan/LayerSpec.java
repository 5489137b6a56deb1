package dev.imagesmith.plan;

/**
 * One layer of the final image: the tree at {@code path} in stage {@code stage}, placed at the same
 * path in the image ({@code COPY --from=stage path path}).
 *
 * @param path {@code null} only for the built-in stage {@code project} ({@link
 *     ProjectArtifacts#STAGE}): its parts become separate layers, split by how often they change
 */
public record LayerSpec(String stage, String path, String where) {}
