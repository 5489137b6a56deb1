package dev.imagesmith.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 as the store names things: lower-case hex. */
final class Hashing {
  private Hashing() {}

  /** Copies {@code in} to {@code out} and returns the SHA-256 of the bytes. */
  static String sha256(InputStream in, OutputStream out) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  static MessageDigest newSha256() {
    return dev.imagesmith.io.Sha256.newDigest();
  }
}
