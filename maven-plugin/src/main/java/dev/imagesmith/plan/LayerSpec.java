package dev.imagesmith.plan;

/**
 * One layer of the final image: the tree at {@code path} in stage {@code stage}, placed at the same
 * path in the image ({@code COPY --from=stage path path}).
 */
public record LayerSpec(String stage, String path, String where) {}
