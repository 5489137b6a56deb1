package dev.imagesmith.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.imagesmith.image.Compression;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Media type and deterministic compressor stream for each {@link Compression}. */
final class LayerCompression {
  /** zstd's default level. */
  static final int ZSTD_LEVEL = 3;

  /**
   * zstd compresses on this many worker threads. zstd's multi-threaded mode cuts the input into
   * jobs whose size follows from the level alone, so its output is the same for one worker or eight
   * (pinned by a test), but differs from its single-threaded mode ({@code workers = 0}): we always
   * use at least one worker, so a layer's digest never depends on the host's core count.
   */
  static final int ZSTD_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private LayerCompression() {}

  /**
   * Everything about the compressor that decides its bytes, for the layer cache key: a change to
   * any of these must never reuse a blob made with the old value.
   */
  static String settings(Compression compression) {
    return switch (compression) {
      case GZIP ->
          "gzip level="
              + DeterministicGzipOutputStream.LEVEL
              + " block="
              + DeterministicGzipOutputStream.BLOCK_SIZE;
      case ZSTD -> "zstd level=" + ZSTD_LEVEL + " multithreaded checksum";
      case NONE -> "none";
    };
  }

  /**
   * Wraps {@code out} in a compressor; closing the result finishes the compressed stream and closes
   * {@code out}. Flushes are not passed to the compressor: a flush block would make the bytes
   * depend on who flushed when.
   */
  static OutputStream compressor(Compression compression, OutputStream out) throws IOException {
    return compressor(compression, out, ZSTD_WORKERS);
  }

  /**
   * As {@link #compressor(Compression, OutputStream)} with a thread count (speed only, not bytes).
   */
  static OutputStream compressor(Compression compression, OutputStream out, int threads)
      throws IOException {
    return switch (compression) {
      case GZIP -> new DeterministicGzipOutputStream(out, threads);
      case ZSTD ->
          new FlushIgnoring(
              new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL)
                  .setChecksum(true)
                  .setWorkers(Math.max(1, threads)));
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
