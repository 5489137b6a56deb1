package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while checking them against the digest and size a descriptor
 * promised (security-cases.md R14, N10): it reads at most {@code expectedSize + 1} bytes, fails as
 * soon as the blob turns out longer, and checks size and digest when the end is reached.
 *
 * <p>Call protocol: nothing read is trustworthy until the stream has returned end-of-stream (-1) or
 * {@link #drainAndVerify()} has returned. A consumer that stops early (a tar reader stops at the
 * end-of-archive blocks) must call {@link #drainAndVerify()}. A mismatch throws {@link
 * UserInputException} naming the blob, the expected and the actual digest and size.
 */
public class VerifyingInputStream extends FilterInputStream {
  /** Size to pass when only the digest is known (e.g. a diffID). */
  public static final long UNKNOWN_SIZE = -1;

  private final Digest expectedDigest;
  private final long expectedSize;
  private final String description;
  private final MessageDigest sha256 = Digest.newSha256();
  private final VerifyingInputStream inner;
  private long count;
  private boolean verified;

  /**
   * @param description names the image and the blob, e.g. {@code "layer 2 of oci:base:1.0"}
   */
  public VerifyingInputStream(
      InputStream in, Digest expectedDigest, long expectedSize, String description) {
    this(in, expectedDigest, expectedSize, description, null);
  }

  /**
   * A stream over decompressed data whose compressed source {@code inner} is verified too when this
   * one ends.
   */
  VerifyingInputStream(
      InputStream in,
      Digest expectedDigest,
      long expectedSize,
      String description,
      VerifyingInputStream inner) {
    super(in);
    this.expectedDigest = expectedDigest;
    this.expectedSize = expectedSize;
    this.description = description;
    this.inner = inner;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (expectedSize >= 0) {
      // Never read more than one byte past the promised size: a size that lies must not make us
      // swallow a 10 GB blob before noticing.
      len = (int) Math.min(len, expectedSize + 1 - count);
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      verifyAtEnd();
      return -1;
    }
    sha256.update(b, off, n);
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw mismatch("more than " + expectedSize + " bytes");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
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

  /**
   * Reads what is left and verifies; returns normally only when the blob is exactly as promised.
   */
  public void drainAndVerify() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashing happens in read
    }
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  private void verifyAtEnd() throws IOException {
    if (verified) {
      return;
    }
    if (expectedSize >= 0 && count != expectedSize) {
      throw mismatch(count + " bytes");
    }
    Digest actual = Digest.of(sha256.digest());
    if (!actual.equals(expectedDigest)) {
      throw new UserInputException(
          description
              + ": content does not match its digest: expected "
              + expectedDigest
              + (expectedSize >= 0 ? " (" + expectedSize + " bytes)" : "")
              + ", got "
              + actual
              + " ("
              + count
              + " bytes). The blob is corrupt or was tampered with; fetch or rebuild the image"
              + " again");
    }
    verified = true;
    if (inner != null) {
      inner.drainAndVerify();
    }
  }

  private UserInputException mismatch(String actualSize) {
    return new UserInputException(
        description
            + ": size does not match its descriptor: expected "
            + expectedSize
            + " bytes ("
            + expectedDigest
            + "), got "
            + actualSize
            + ". The blob is corrupt or was tampered with; fetch or rebuild the image again");
  }
}
