package dev.imagesmith.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A layer's compression: the one the plan asks for new layers ({@code <compression>}), and the one
 * a layer read from outside turns out to have, told apart by magic bytes because a media type can
 * lie.
 */
public enum Compression {
  GZIP,
  ZSTD,
  NONE;

  /**
   * Peeks at the first bytes; {@code in} must support mark/reset.
   *
   * @return empty for xz and bzip2, valid for {@code docker load} but not for OCI media types
   */
  static Optional<Compression> detect(InputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    return of(head);
  }

  /** The compression whose magic {@code head} starts with: see {@link #detect}. */
  static Optional<Compression> of(byte[] head) {
    int n = head.length;
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Optional.of(GZIP);
    }
    if (n >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return Optional.of(ZSTD);
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h'
        || n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z') {
      return Optional.empty();
    }
    return Optional.of(NONE);
  }

  /** The OCI media type of a layer compressed this way. */
  public String mediaType() {
    return switch (this) {
      case GZIP -> MediaTypes.OCI_LAYER_GZIP;
      case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
      case NONE -> MediaTypes.OCI_LAYER;
    };
  }
}
