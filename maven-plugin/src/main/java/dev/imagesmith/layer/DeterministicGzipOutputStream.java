package dev.imagesmith.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member (RFC 1952) whose framing we write ourselves around a raw {@link Deflater}, so the
 * bytes depend only on the input and zlib: {@code java.util.zip.GZIPOutputStream} writes the OS
 * byte of the running JDK (JDK-8244706 changed it from 0 to 255 in JDK 16), which would change a
 * layer's digest with the JDK that built it.
 *
 * <p>Header: magic, CM=8 (deflate), FLG=0 (no FNAME, no comment, no extra), MTIME=0, XFL=0, OS=255
 * ("unknown"). Trailer: CRC-32 and ISIZE (input size mod 2^32), both little-endian. {@link
 * #flush()} does not flush the deflater (a sync flush would change the output); {@link #close()}
 * finishes the member, then closes the underlying stream.
 */
final class DeterministicGzipOutputStream extends FilterOutputStream {
  static final int LEVEL = 6;
  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
  };

  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[64 * 1024];
  private long inputSize;
  private boolean headerWritten;
  private boolean closed;

  DeterministicGzipOutputStream(OutputStream out) {
    super(out);
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
    if (len == 0) {
      return;
    }
    crc.update(b, off, len);
    inputSize += len;
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      drain();
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
      deflater.finish();
      while (!deflater.finished()) {
        drain();
      }
      writeIntLittleEndian((int) crc.getValue());
      writeIntLittleEndian((int) inputSize); // ISIZE is the size modulo 2^32
      out.close();
    } finally {
      deflater.end();
    }
  }

  private void writeHeaderOnce() throws IOException {
    if (!headerWritten) {
      out.write(HEADER);
      headerWritten = true;
    }
  }

  private void drain() throws IOException {
    int n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }

  private void writeIntLittleEndian(int value) throws IOException {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
    out.write((value >>> 16) & 0xff);
    out.write((value >>> 24) & 0xff);
  }
}
