package dev.imagesmith.layer;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import java.nio.file.Path;
import java.util.List;

/**
 * A layer blob written by {@link LayerWriter}, with everything the manifest and the image config
 * need, measured while it was written.
 *
 * @param digest SHA-256 of the blob as stored (compressed); the blob's file name is its hex
 * @param diffId SHA-256 of the uncompressed tar ({@code rootfs.diff_ids}); equals {@code digest}
 *     for an uncompressed layer
 * @param compressedSize size of the blob in bytes
 * @param uncompressedSize size of the tar in bytes
 * @param mediaType the OCI layer media type matching the compression
 * @param blob where the blob lives: {@code blobDirectory/<hex>}
 * @param entries every tar entry in the order written (parent directories included), each regular
 *     file with the host file its bytes came from: for the {@link LowerIndex} of the next layer and
 *     the inspection of the image
 */
public record WrittenLayer(
    Digest digest,
    Digest diffId,
    long compressedSize,
    long uncompressedSize,
    String mediaType,
    Path blob,
    List<ArchiveItem> entries) {

  public WrittenLayer {
    entries = List.copyOf(entries);
  }

  /** Number of tar entries (PAX extended headers not counted). */
  public int entryCount() {
    return entries.size();
  }

  /** The descriptor a manifest lists for this layer. */
  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, compressedSize);
  }
}
