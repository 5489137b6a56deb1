package dev.imagesmith.pipeline;

import dev.imagesmith.image.Digest;
import java.nio.file.Path;
import java.util.List;

/**
 * What a build produced.
 *
 * @param digest the manifest digest, also written to {@code digest}
 * @param references every reference the image was tagged with
 * @param outputDirectory where oci/, image.tar, digest and image.json are
 */
public record BuildResult(Digest digest, List<String> references, Path outputDirectory) {}
