package dev.imagesmith.fs.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Opens a possibly compressed stream, choosing the decoder by magic bytes, never by file name or
 * media type (a {@code .tar.gz} that is really zstd still works, and a lying name cannot pick a
 * decoder). Everything decompresses in-process; nothing is ever executed (security-cases.md P28).
 *
 * <p>Decoder memory is bounded: xz refuses dictionaries that need more than {@link
 * #XZ_MEMORY_LIMIT_KIB} (R4), and zstd keeps the library's default window limit of 2^27 bytes (128
 * MiB, {@code ZSTD_WINDOWLOG_LIMIT_DEFAULT}), above which frames are refused (R5).
 */
public final class Decompression {
  /** 128 MiB: {@code xz -9} needs 65 MiB to decompress; hostile headers ask for gigabytes. */
  public static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;

  /** The compression formats recognised by their magic bytes. */
  public enum Format {
    GZIP,
    XZ,
    ZSTD,
    BZIP2,
    NONE
  }

  private static final int MAGIC_LENGTH = 6;

  private Decompression() {}

  /**
   * Wraps {@code in} with the decoder its first bytes call for (concatenated gzip members, xz
   * streams and bzip2 streams are all read), or returns it buffered if it is not compressed. The
   * caller closes the result, which closes {@code in}.
   */
  public static InputStream open(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(MAGIC_LENGTH);
    byte[] head = buffered.readNBytes(MAGIC_LENGTH);
    buffered.reset();
    switch (detect(head)) {
      case GZIP:
        return new GzipCompressorInputStream(buffered, true);
      case XZ:
        return XZCompressorInputStream.builder()
            .setInputStream(buffered)
            .setDecompressConcatenated(true)
            .setMemoryLimitKiB(XZ_MEMORY_LIMIT_KIB)
            .get();
      case ZSTD:
        return new ZstdCompressorInputStream(buffered);
      case BZIP2:
        return new BZip2CompressorInputStream(buffered, true);
      default:
        return buffered;
    }
  }

  /** The format whose magic bytes {@code head} (the first bytes of a stream) starts with. */
  public static Format detect(byte[] head) {
    if (startsWith(head, 0x1f, 0x8b)) {
      return Format.GZIP;
    }
    if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return Format.XZ;
    }
    if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Format.ZSTD;
    }
    if (startsWith(head, 'B', 'Z', 'h')) {
      return Format.BZIP2;
    }
    return Format.NONE;
  }

  private static boolean startsWith(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
