package dev.imagesmith.image;

import java.io.IOException;
import java.io.InputStream;

/** Layer compression told apart by magic bytes, because a media type can lie. */
enum Compression {
  NONE,
  GZIP,
  ZSTD,
  /** xz, bzip2: valid for {@code docker load}, not for OCI media types. */
  UNSUPPORTED;

  /** Peeks at the first bytes; {@code in} must support mark/reset. */
  static Compression detect(InputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    return of(head);
  }

  static Compression of(byte[] head) {
    int n = head.length;
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (n >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h'
        || n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z') {
      return UNSUPPORTED;
    }
    return NONE;
  }

  String ociMediaType() {
    return switch (this) {
      case GZIP -> MediaTypes.OCI_LAYER_GZIP;
      case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
      default -> MediaTypes.OCI_LAYER;
    };
  }
}
