package dev.imagesmith.fs.archive;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits below the tar parser and, while armed (during the parser's search for the next entry),
 * counts and records every byte it hands out. That bounds PAX and GNU long-name headers before the
 * parser buffers them (Commons Compress 1.28 has no such limit, R9), and gives us the raw PAX
 * records, whose xattr values are binary and would not survive the parser's UTF-8 decoding.
 *
 * <p>Entry content is read while disarmed and is not recorded.
 */
final class HeaderBudgetStream extends FilterInputStream {
  private long position;
  private boolean armed;
  private long armedAt;
  private int budget;
  private ByteArrayOutputStream recorded;

  HeaderBudgetStream(InputStream in) {
    super(in);
  }

  /** Starts counting and recording; more than {@code budget} bytes fail the read. */
  void arm(int budget) {
    this.armed = true;
    this.armedAt = position;
    this.budget = budget;
    this.recorded = new ByteArrayOutputStream();
  }

  /** Stops recording and returns what was read while armed. */
  byte[] disarm() {
    armed = false;
    byte[] bytes = recorded == null ? new byte[0] : recorded.toByteArray();
    recorded = null;
    return bytes;
  }

  /** Stream offset at which the last {@link #arm} happened. */
  long armedAt() {
    return armedAt;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (armed) {
      len = Math.min(len, budget - recorded.size() + 1);
    }
    int n = super.read(b, off, len);
    if (n > 0) {
      position += n;
      if (armed) {
        if (recorded.size() + n > budget) {
          throw new BadEntryException(
              "the headers before this entry (PAX or GNU long name) are longer than the limit of "
                  + budget
                  + " bytes");
        }
        recorded.write(b, off, n);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (!armed) {
      long skipped = super.skip(n);
      position += skipped;
      return skipped;
    }
    // Skipping while armed still counts: read through the budget.
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    int read = read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
