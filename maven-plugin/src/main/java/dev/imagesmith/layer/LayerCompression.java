package dev.imagesmith.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.plan.Compression;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Media type and deterministic compressor stream for each {@link Compression}. */
final class LayerCompression {
  /** zstd's default level; single-threaded (no workers), so the output depends only on input. */
  static final int ZSTD_LEVEL = 3;

  private LayerCompression() {}

  static String mediaType(Compression compression) {
    return switch (compression) {
      case GZIP -> MediaTypes.OCI_LAYER_GZIP;
      case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
      case NONE -> MediaTypes.OCI_LAYER;
    };
  }

  /**
   * Wraps {@code out} in a compressor; closing the result finishes the compressed stream and closes
   * {@code out}. Flushes are not passed to the compressor: a flush block would make the bytes
   * depend on who flushed when.
   */
  static OutputStream compressor(Compression compression, OutputStream out) throws IOException {
    return switch (compression) {
      case GZIP -> new DeterministicGzipOutputStream(out);
      case ZSTD ->
          new FlushIgnoring(
              new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL).setChecksum(true).setWorkers(0));
      case NONE -> new FlushIgnoring(out);
    };
  }

  /** Passes writes and close through, drops flushes. */
  private static final class FlushIgnoring extends FilterOutputStream {
    FlushIgnoring(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() {
      // deliberately nothing: see LayerCompression#compressor
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
