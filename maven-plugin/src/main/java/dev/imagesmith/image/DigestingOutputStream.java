package dev.imagesmith.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while computing their SHA-256 and counting them, so that a blob's digest and
 * size are known the moment it is written, without reading it again. Call {@link #digest()} after
 * the last write (it may be called once).
 */
public final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest sha256 = Digest.newSha256();
  // Volatile: progress lines read it from another thread while a layer is written.
  private volatile long count;

  public DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  public Digest digest() {
    return Digest.of(sha256.digest());
  }
}
