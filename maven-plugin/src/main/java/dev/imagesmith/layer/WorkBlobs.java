package dev.imagesmith.layer;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layer blobs in the work directory ({@code <work>/blobs/<hex>}), kept from one build to the
 * next. Most are hard links to the layer cache's blobs; keeping them unchanged is what lets the
 * next build check a cached layer through the file-hash memo instead of reading it: unlinking and
 * linking again would move the inode's ctime each time, and hashing a blob in a fresh JVM costs
 * some 80 ms per 2 MB before the JIT has compiled SHA-256.
 */
public final class WorkBlobs {
  private WorkBlobs() {}

  /**
   * After the outputs are written (their links moved the blobs' ctimes for the last time): drops
   * every blob this image does not use, and remembers the hash of each one it does.
   */
  public static void settle(Path blobDirectory, List<WrittenLayer> layers, FileHashes hashes)
      throws IOException {
    if (!Files.isDirectory(blobDirectory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Set<String> used =
        layers.stream().map(layer -> layer.digest().encoded()).collect(Collectors.toSet());
    try (Stream<Path> children = Files.list(blobDirectory)) {
      for (Path child : children.toList()) {
        if (!used.contains(child.getFileName().toString())) {
          HostFiles.deleteTree(child); // another image's blob, or a killed build's partial file
        }
      }
    }
    for (WrittenLayer layer : layers) {
      hashes.recordOwn(layer.blob(), layer.digest().hex());
    }
  }
}
