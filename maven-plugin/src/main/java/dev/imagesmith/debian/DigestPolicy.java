package dev.imagesmith.debian;

import java.time.Instant;
import org.bouncycastle.bcpg.HashAlgorithmTags;

/**
 * The digest algorithms apt accepts in OpenPGP signatures. A signature is only as strong as its
 * digest: whoever can make two texts with the same digest can move a signature from one to the
 * other.
 *
 * <p>apt's gpgv method (apt 1.4 to 2.x, {@code methods/gpgv.cc}) sorts the digest of each valid
 * signature: MD5, SHA-1 and RIPEMD-160 are "untrusted" (the signature counts like one by an expired
 * key), SHA-224 to SHA-512 are trusted, and every other number (SHA-3 included) is an "Invalid
 * digest", untrusted too. apt 3 verifies with Sequoia's {@code sqv} under {@code
 * /usr/share/apt/default-sequoia.config}, which also stops trusting SHA-224 for signatures made
 * from 2026-02-01 on and keeps SHA-1 for self-signatures (key bindings, where only second-preimage
 * resistance counts) made before that day. This class takes both: it refuses what either refuses.
 */
final class DigestPolicy {
  /** From this day apt 3 refuses SHA-224 signatures, and SHA-1 self-signatures. */
  static final Instant APT3_CUTOFF = Instant.parse("2026-02-01T00:00:00Z");

  private DigestPolicy() {}

  /**
   * Why apt refuses a signature over data (an InRelease) made with {@code hash} at {@code made}, or
   * null when it accepts it.
   */
  static SignatureFault forData(int hash, Instant made) {
    String name = name(hash);
    return switch (hash) {
      case HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512 -> null;
      case HashAlgorithmTags.SHA224 ->
          made.isBefore(APT3_CUTOFF)
              ? null
              : new SignatureFault(
                  "was made with SHA-224, which apt 3 no longer accepts in signatures made since "
                      + ReleaseDates.SHOWN.format(APT3_CUTOFF),
                  "apt 3: SHA224 is not considered secure since 2026-02-01",
                  reSign());
      case HashAlgorithmTags.MD5 ->
          new SignatureFault(
              "was made with MD5, a broken digest (collisions take seconds); gpgv itself refuses"
                  + " it, and so does apt",
              "apt: ERRSIG",
              reSign());
      case HashAlgorithmTags.SHA1, HashAlgorithmTags.RIPEMD160 ->
          new SignatureFault(
              "was made with "
                  + name
                  + ", a digest for which collisions can be computed; apt has refused it in"
                  + " signatures since apt 1.4",
              "apt: untrusted digest algorithm: "
                  + (hash == HashAlgorithmTags.SHA1 ? "SHA1" : "RIPE-MD/160"),
              reSign());
      default ->
          new SignatureFault(
              "was made with " + name + ", a digest apt's gpgv method does not accept",
              "apt: untrusted digest algorithm: Invalid digest",
              reSign());
    };
  }

  /**
   * Why a self-signature (a user ID certification, a subkey binding, a back signature) made with
   * {@code hash} at {@code made} does not count, or null when it does.
   */
  static String forSelfSignature(int hash, Instant made) {
    return switch (hash) {
      case HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512 -> null;
      case HashAlgorithmTags.SHA1, HashAlgorithmTags.SHA224 ->
          made.isBefore(APT3_CUTOFF)
              ? null
              : "it was made with "
                  + name(hash)
                  + " on "
                  + ReleaseDates.SHOWN.format(made)
                  + ", which apt 3 refuses in self-signatures made since "
                  + ReleaseDates.SHOWN.format(APT3_CUTOFF);
      default -> "it was made with " + name(hash) + ", which apt refuses";
    };
  }

  /** The digest's usual name ({@code SHA-1}), or its number. */
  static String name(int hash) {
    return switch (hash) {
      case HashAlgorithmTags.MD5 -> "MD5";
      case HashAlgorithmTags.SHA1 -> "SHA-1";
      case HashAlgorithmTags.RIPEMD160 -> "RIPEMD-160";
      case HashAlgorithmTags.SHA224 -> "SHA-224";
      case HashAlgorithmTags.SHA256 -> "SHA-256";
      case HashAlgorithmTags.SHA384 -> "SHA-384";
      case HashAlgorithmTags.SHA512 -> "SHA-512";
      case HashAlgorithmTags.SHA3_256 -> "SHA3-256";
      case HashAlgorithmTags.SHA3_512 -> "SHA3-512";
      default -> "digest algorithm " + hash;
    };
  }

  private static String reSign() {
    return "The repository's owner must sign InRelease with SHA-256 or stronger (gpg"
        + " --digest-algo SHA512); until then, use a repository with a modern signature";
  }
}
