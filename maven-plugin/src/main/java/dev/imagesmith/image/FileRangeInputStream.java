package dev.imagesmith.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the byte range {@code [offset, offset + length)} of a file: one member of a tar. */
final class FileRangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private final long end;

  FileRangeInputStream(Path file, long offset, long length) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long left = end - position;
    if (left <= 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
    if (n < 0) {
      // The file shrank since it was indexed: the member is truncated.
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
