package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * One layer of a base image: its descriptor (the blob as stored), its diffID (the uncompressed tar)
 * and a way to open its bytes, always verified against the descriptor. As a {@link BlobSource} it
 * can be written unchanged into an output image.
 */
public final class SourceLayer implements BlobSource {
  /** Opens the stored (possibly compressed) bytes of a blob, unverified. */
  @FunctionalInterface
  public interface BlobOpener {
    InputStream open() throws IOException;
  }

  private final Descriptor descriptor;
  private final Digest diffId;
  private final String description;
  private final BlobOpener opener;

  /**
   * @param description names the layer and its image in errors, e.g. {@code "layer 2 of
   *     oci:/x/base:1.0"}
   */
  public SourceLayer(Descriptor descriptor, Digest diffId, String description, BlobOpener opener) {
    this.descriptor = descriptor;
    this.diffId = diffId;
    this.description = description;
    this.opener = opener;
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  public Digest diffId() {
    return diffId;
  }

  public String description() {
    return description;
  }

  /** The stored bytes, verified against the descriptor's digest and size (see its protocol). */
  public VerifyingInputStream openRaw() throws IOException {
    return new VerifyingInputStream(
        opener.open(), descriptor.digest(), descriptor.size(), description);
  }

  /**
   * The uncompressed tar, verified against the diffID (security-cases.md N11); reaching its end
   * also verifies the stored blob. Compression is detected from the first bytes, not trusted from
   * the media type.
   */
  public VerifyingInputStream openUncompressed() throws IOException {
    VerifyingInputStream raw = openRaw();
    BufferedInputStream buffered = new BufferedInputStream(raw);
    try {
      InputStream tar =
          switch (Compression.detect(buffered)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          description + ": unsupported layer compression (only gzip and zstd)"))) {
            case GZIP ->
                GzipCompressorInputStream.builder()
                    .setInputStream(buffered)
                    .setDecompressConcatenated(true)
                    .get();
            case ZSTD -> new ZstdCompressorInputStream(buffered);
            case NONE -> buffered;
          };
      return new VerifyingInputStream(
          tar, diffId, VerifyingInputStream.UNKNOWN_SIZE, description + " (uncompressed)", raw);
    } catch (IOException | RuntimeException e) {
      buffered.close();
      throw e;
    }
  }

  /** Copies the stored bytes, verified. */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (VerifyingInputStream in = openRaw()) {
      in.transferTo(out);
    }
  }

  @Override
  public String toString() {
    return description + " " + descriptor.digest();
  }
}
