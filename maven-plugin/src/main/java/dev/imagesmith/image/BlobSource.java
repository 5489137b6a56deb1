package dev.imagesmith.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A blob to be written into an image output: its descriptor (digest, size, media type, known before
 * writing) and a way to produce its bytes. Writers check the bytes they write against the
 * descriptor. A blob that already lives in a file (a layer in the layer cache) says so through
 * {@link #file()}, so a writer can hard-link it instead of copying.
 */
public interface BlobSource {
  Descriptor descriptor();

  /** Writes exactly the blob's bytes; does not close {@code out}. */
  void writeTo(OutputStream out) throws IOException;

  /**
   * A file holding exactly this blob's bytes, which must not change afterwards (a content-addressed
   * cache entry), or empty.
   */
  default Optional<Path> file() {
    return Optional.empty();
  }

  /** A blob held in memory (configs, manifests, small layers). */
  static BlobSource ofBytes(String mediaType, byte[] content) {
    return new BytesBlob(mediaType, content);
  }

  /** A blob in a file whose descriptor is already known (computed when the file was written). */
  static BlobSource ofFile(Descriptor descriptor, Path file) {
    return new FileBlob(descriptor, file);
  }
}
