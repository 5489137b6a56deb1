package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A validated {@code sha256:<64 lowercase hex>} content digest. Digests from untrusted input
 * (layouts, archives, registries) are checked against this grammar before they name a file or a URL
 * (security-cases.md N12): {@code sha256:../../etc/passwd} never becomes a path.
 */
public record Digest(String hex) implements Comparable<Digest> {
  private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

  public Digest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
    }
  }

  /**
   * Parses {@code sha256:hex}.
   *
   * @param where what the value came from, named in the error
   */
  public static Digest parse(String text, String where) {
    if (text == null || !text.startsWith("sha256:") || !HEX.matcher(text.substring(7)).matches()) {
      throw new UserInputException(
          where
              + ": "
              + Excerpt.name(text)
              + " is not a digest of the form sha256:<64 lowercase hex digits>");
    }
    return new Digest(text.substring(7));
  }

  public static Digest of(byte[] sha256) {
    return new Digest(HexFormat.of().formatHex(sha256));
  }

  public static Digest ofBytes(byte[] content) {
    return of(newSha256().digest(content));
  }

  public static MessageDigest newSha256() {
    return dev.imagesmith.io.Sha256.newDigest();
  }

  /** The encoded part alone, as used in blob file names. */
  public String encoded() {
    return hex;
  }

  @Override
  public String toString() {
    return "sha256:" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return hex.compareTo(other.hex);
  }
}
