package dev.imagesmith.stage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An input stream that counts the bytes read through it, for progress lines: the count is read from
 * the progress timer's thread, hence atomic.
 */
final class CountedInput extends FilterInputStream {
  private final AtomicLong count = new AtomicLong();

  CountedInput(InputStream in) {
    super(in);
  }

  /** The bytes read so far. */
  long count() {
    return count.get();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count.incrementAndGet();
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = super.read(bytes, offset, length);
    if (n > 0) {
      count.addAndGet(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count.addAndGet(skipped);
    return skipped;
  }
}
