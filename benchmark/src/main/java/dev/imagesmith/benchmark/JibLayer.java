package dev.imagesmith.benchmark;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Jib Core's way to the same layer: a {@code FileEntriesLayer} of the tree on {@code scratch},
 * containerized to a tarball (no registry, no daemon). Jib compresses the layer into its
 * application-layer cache; that blob is the output measured.
 */
final class JibLayer {
  private JibLayer() {}

  /** Builds the layer; returns the size of the compressed layer blob Jib made. */
  static long build(Path tree, Path work) throws Exception {
    Path cache = Files.createDirectories(work.resolve("jib-cache"));
    Path baseCache = Files.createDirectories(work.resolve("jib-base-cache"));
    FileEntriesLayer layer =
        FileEntriesLayer.builder()
            .setName("tree")
            .addEntryRecursive(tree, AbsoluteUnixPath.get("/" + tree.getFileName()))
            .build();
    Jib.fromScratch()
        .addFileEntriesLayer(layer)
        .containerize(
            Containerizer.to(TarImage.at(work.resolve("jib-image.tar")).named("bench/jib:1"))
                .setApplicationLayersCache(cache)
                .setBaseImageLayersCache(baseCache));
    long largest = 0;
    try (Stream<Path> files = Files.walk(cache)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        largest = Math.max(largest, Files.size(file));
      }
    }
    return largest;
  }
}
