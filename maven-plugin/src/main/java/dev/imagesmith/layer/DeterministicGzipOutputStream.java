package dev.imagesmith.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member (RFC 1952) whose framing we write ourselves and whose deflate body is made on
 * several cores, so that the bytes depend only on the input, the level, the block size and zlib.
 *
 * <p><b>Framing.</b> {@code java.util.zip.GZIPOutputStream} writes the OS byte of the running JDK
 * (JDK-8244706 changed it from 0 to 255 in JDK 16), which would change a layer's digest with the
 * JDK that built it. Header: magic, CM=8 (deflate), FLG=0 (no FNAME, no comment, no extra),
 * MTIME=0, XFL=0, OS=255 ("unknown"). Trailer: CRC-32 and ISIZE (input size mod 2^32), both
 * little-endian.
 *
 * <p><b>Body, in the style of pigz.</b> The input is cut into blocks of {@link #BLOCK_SIZE}
 * uncompressed bytes. Each block is deflated on a worker by its own raw {@link Deflater}, primed
 * with the last 32 KiB of the block before it as preset dictionary (so matches may reach back
 * across the cut and the ratio stays that of a single stream), and ends with a sync flush (an empty
 * stored block, which byte-aligns the output); the last block ends with finish. The pieces are
 * written in input order, so they concatenate into one valid deflate stream. What a block
 * compresses to depends only on its bytes and its dictionary, never on which thread ran it or when:
 * the output is identical for any thread count, including one. The CRC-32 is computed on the
 * producer thread (it is cheap next to deflate).
 *
 * <p><b>Memory.</b> At most {@code 2 * threads + 1} blocks are in flight; {@link #write} waits for
 * the oldest before it cuts another, so memory stays bounded whatever the input size. The blocks'
 * input and output arrays are used again once their piece is written: a 400 MB layer would
 * otherwise allocate a gigabyte of short-lived arrays, and the garbage collector's work competes
 * with deflate for the same cores.
 *
 * <p>{@link #flush()} does not flush the deflater (that would make the bytes depend on who flushed
 * when); {@link #close()} finishes the member, then closes the underlying stream, and always stops
 * the workers.
 */
final class DeterministicGzipOutputStream extends FilterOutputStream {
  static final int LEVEL = 6;

  /**
   * Uncompressed bytes per independently deflated block: pigz's default. Part of the output format:
   * changing it changes every gzip layer digest.
   */
  static final int BLOCK_SIZE = 128 * 1024;

  private static final int DICTIONARY_SIZE = 32 * 1024;

  /**
   * A piece's array: a block deflates to less than its input plus zlib's few bytes of framing
   * (stored blocks at worst); a larger piece grows its array.
   */
  private static final int PIECE_SIZE = BLOCK_SIZE + 1024;

  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };

  private final ExecutorService workers;

  /** One deflater per worker thread, reset per block: zlib's state is costly to set up. */
  private final ThreadLocal<Deflater> deflaters;

  private final Queue<Deflater> allDeflaters = new ConcurrentLinkedQueue<>();

  private final int maxInFlight;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();

  /** Input arrays whose piece is written: taken and given back on the producer thread only. */
  private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>();

  /** The same for the dictionaries' arrays. */
  private final ArrayDeque<byte[]> freeDictionaries = new ArrayDeque<>();

  /** Output arrays whose piece is written: taken by the workers, given back by the producer. */
  private final Queue<byte[]> freePieces = new ConcurrentLinkedQueue<>();

  private byte[] block = new byte[BLOCK_SIZE];
  private int blockLength;
  private byte[] dictionary; // last DICTIONARY_SIZE bytes of the previous block, or null

  /** A block given to a worker: its input array (to use again) and its piece to come. */
  private record InFlight(byte[] input, byte[] dictionary, Future<Piece> piece) {}

  /** A block's deflate output: the first {@code length} bytes of {@code bytes}. */
  private record Piece(byte[] bytes, int length) {}

  private long inputSize;
  private boolean headerWritten;
  private boolean closed;

  /** Compresses on as many threads as the JVM has processors. */
  DeterministicGzipOutputStream(OutputStream out) {
    this(out, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param threads deflate workers; changes the speed, never the bytes
   */
  DeterministicGzipOutputStream(OutputStream out, int threads) {
    super(out);
    int count = Math.max(1, threads);
    this.maxInFlight = 2 * count + 1;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            count,
            count,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "imagesmith-deflate");
              thread.setDaemon(true); // never keeps a Maven JVM alive
              return thread;
            });
    // A stream abandoned after a failure is never closed: its idle workers still go away.
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
    this.deflaters =
        ThreadLocal.withInitial(
            () -> {
              Deflater deflater = new Deflater(LEVEL, true);
              allDeflaters.add(deflater);
              return deflater;
            });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("gzip stream already closed");
    }
    writeHeaderOnce();
    crc.update(b, off, len);
    inputSize += len;
    while (len > 0) {
      if (blockLength == BLOCK_SIZE) {
        // More input follows a full block, so it is not the last: cut it.
        submit(false);
      }
      int n = Math.min(len, BLOCK_SIZE - blockLength);
      System.arraycopy(b, off, block, blockLength, n);
      blockLength += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writeHeaderOnce();
      submit(true);
      while (!inFlight.isEmpty()) {
        writeOldest();
      }
      writeIntLittleEndian((int) crc.getValue());
      writeIntLittleEndian((int) inputSize); // ISIZE is the size modulo 2^32
      out.close();
    } finally {
      workers.shutdownNow();
      // Workers may still be finishing a block after a failure: each deflater is freed once idle
      // (end() of a deflater in use would break its block, which nobody reads any more).
      if (workers.isTerminated() || awaitQuietly()) {
        allDeflaters.forEach(Deflater::end);
      }
    }
  }

  private boolean awaitQuietly() {
    try {
      return workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void submit(boolean last) throws IOException {
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
    byte[] input = block;
    int length = blockLength;
    byte[] preset = dictionary;
    inFlight.add(
        new InFlight(
            input,
            preset,
            workers.submit(() -> deflate(deflaters.get(), input, length, preset, last))));
    if (!last) {
      // The worker owns the old arrays until its piece is written.
      dictionary = takeFree(freeDictionaries, DICTIONARY_SIZE);
      System.arraycopy(input, length - DICTIONARY_SIZE, dictionary, 0, DICTIONARY_SIZE);
      block = takeFree(freeBlocks, BLOCK_SIZE);
      blockLength = 0;
    }
  }

  /** An array of {@code free}, or a new one of {@code size} bytes. */
  private static byte[] takeFree(ArrayDeque<byte[]> free, int size) {
    byte[] array = free.poll();
    return array != null ? array : new byte[size];
  }

  /**
   * One block's deflate output: a byte-aligned piece of the stream (final if {@code last}), in an
   * array of {@link #freePieces} when there is one.
   */
  private Piece deflate(
      Deflater deflater, byte[] input, int length, byte[] dictionary, boolean last) {
    deflater.reset(); // same output as a new deflater: reset() restores zlib's initial state
    if (dictionary != null) {
      deflater.setDictionary(dictionary);
    }
    deflater.setInput(input, 0, length);
    byte[] out = freePieces.poll();
    if (out == null) {
      out = new byte[PIECE_SIZE];
    }
    int written = 0;
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        if (written == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        written += deflater.deflate(out, written, out.length - written, Deflater.NO_FLUSH);
      }
    } else {
      // A sync flush is complete once deflate leaves room in the array (zlib's contract).
      while (true) {
        written += deflater.deflate(out, written, out.length - written, Deflater.SYNC_FLUSH);
        if (written < out.length) {
          break;
        }
        out = Arrays.copyOf(out, out.length * 2);
      }
    }
    return new Piece(out, written);
  }

  private void writeOldest() throws IOException {
    InFlight oldest = inFlight.poll();
    try {
      Piece piece = oldest.piece().get();
      out.write(piece.bytes(), 0, piece.length());
      freePieces.add(piece.bytes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a layer");
    } catch (ExecutionException e) {
      throw new IOException("deflate failed: " + e.getCause(), e.getCause());
    }
    // Its worker is done with them.
    freeBlocks.add(oldest.input());
    if (oldest.dictionary() != null) {
      freeDictionaries.add(oldest.dictionary());
    }
  }

  private void writeHeaderOnce() throws IOException {
    if (!headerWritten) {
      out.write(HEADER);
      headerWritten = true;
    }
  }

  private void writeIntLittleEndian(int value) throws IOException {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
    out.write((value >>> 16) & 0xff);
    out.write((value >>> 24) & 0xff);
  }
}
