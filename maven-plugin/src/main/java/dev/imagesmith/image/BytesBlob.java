package dev.imagesmith.image;

import java.io.IOException;
import java.io.OutputStream;

/** A blob held in memory; its descriptor is computed from the bytes. */
final class BytesBlob implements BlobSource {
  private final byte[] content;
  private final Descriptor descriptor;

  BytesBlob(String mediaType, byte[] content) {
    this.content = content.clone();
    this.descriptor = new Descriptor(mediaType, Digest.ofBytes(content), content.length);
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(content);
  }
}
