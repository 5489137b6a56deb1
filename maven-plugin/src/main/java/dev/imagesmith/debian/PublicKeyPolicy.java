package dev.imagesmith.debian;

import java.time.Instant;
import java.util.Map;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The public key algorithms and sizes apt accepts for the keys behind a signature: the key that
 * signed and its primary key (whose self-signature binds it).
 *
 * <p>apt 2.7.13 and later run gpgv with {@code --assert-pubkey-algo=>=rsa2048,ed25519,ed448,
 * nistp256,nistp384,nistp512,brainpoolP256r1,brainpoolP320r1,brainpoolP384r1,brainpoolP512r1,
 * secp256k1} and count a signature by any other key ("untrusted public key algorithm") like one by
 * an expired key: DSA, ElGamal and RSA under 2048 bits are refused. Of the accepted ones, apt warns
 * ("uses weak algorithm") when every good signature is by a key outside its next list ({@code
 * >=rsa2048,ed25519,ed448,nistp256,nistp384,nistp512}): the Brainpool curves and secp256k1. apt 3's
 * Sequoia policy also refuses RSA 2048 (and under 3072) for signatures made from 2030-02-01, and
 * Brainpool from 2028-02-01. NIST P-521 is accepted (apt's list says {@code nistp512}, a name gpg
 * never prints; Sequoia accepts the curve).
 */
final class PublicKeyPolicy {
  /** From this day apt 3 refuses signatures by RSA keys under 3072 bits. */
  static final Instant RSA2048_CUTOFF = Instant.parse("2030-02-01T00:00:00Z");

  /** From this day apt 3 refuses signatures by Brainpool keys. */
  static final Instant BRAINPOOL_CUTOFF = Instant.parse("2028-02-01T00:00:00Z");

  /** gpg's names of the elliptic curves OpenPGP keys use, by OID. */
  private static final Map<String, String> CURVES =
      Map.of(
          "1.2.840.10045.3.1.7", "nistp256",
          "1.3.132.0.34", "nistp384",
          "1.3.132.0.35", "nistp521",
          "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1",
          "1.3.36.3.3.2.8.1.1.9", "brainpoolP320r1",
          "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1",
          "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1",
          "1.3.132.0.10", "secp256k1",
          "1.3.6.1.4.1.11591.15.1", "ed25519",
          "1.3.101.113", "ed448");

  /** A refusal, or a warning to log when every good signature has one, or neither. */
  record Verdict(SignatureFault refusal, String warning) {}

  private static final Verdict ACCEPTED = new Verdict(null, null);

  private PublicKeyPolicy() {}

  /**
   * @param key a key behind a signature: the one that signed, or the primary key of a signing
   *     subkey
   * @param primaryOfSubkey whether {@code key} is the primary key of the subkey that signed
   * @param made when the signature was made
   */
  static Verdict judge(PGPPublicKey key, boolean primaryOfSubkey, Instant made) {
    String name = name(key);
    String which =
        (primaryOfSubkey ? "a subkey of a " : "a ")
            + name
            + " key"
            + (primaryOfSubkey ? " (" + InReleaseVerifier.fingerprint(key) + ")" : "");
    switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN -> {
        if (key.getBitStrength() < 2048) {
          return refused(which, "apt: untrusted public key algorithm: " + name);
        }
        if (key.getBitStrength() < 3072 && !made.isBefore(RSA2048_CUTOFF)) {
          return refused(which, "apt 3: RSA2048 is not considered secure since 2030-02-01");
        }
        return ACCEPTED;
      }
      case PublicKeyAlgorithmTags.Ed25519, PublicKeyAlgorithmTags.Ed448 -> {
        return ACCEPTED;
      }
      case PublicKeyAlgorithmTags.ECDSA -> {
        if (name.startsWith("brainpool")) {
          return made.isBefore(BRAINPOOL_CUTOFF)
              ? weak(key, name, "; apt 3 refuses Brainpool keys in signatures made from 2028-02-01")
              : refused(which, "apt 3: Brainpool is not considered secure since 2028-02-01");
        }
        if (name.equals("secp256k1")) {
          return weak(key, name, "");
        }
        return name.startsWith("nistp")
            ? ACCEPTED
            : refused(which, "apt: untrusted public key algorithm: " + name);
      }
      case PublicKeyAlgorithmTags.EDDSA_LEGACY -> {
        return name.equals("ed25519") || name.equals("ed448")
            ? ACCEPTED
            : refused(which, "apt: untrusted public key algorithm: " + name);
      }
      default -> {
        return refused(which, "apt: untrusted public key algorithm: " + name);
      }
    }
  }

  /**
   * gpg's name of a key's algorithm and size: {@code rsa4096}, {@code ed25519}, {@code dsa1024}.
   */
  static String name(PGPPublicKey key) {
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_SIGN,
          PublicKeyAlgorithmTags.RSA_ENCRYPT ->
          "rsa" + key.getBitStrength();
      case PublicKeyAlgorithmTags.DSA -> "dsa" + key.getBitStrength();
      case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL ->
          "elg" + key.getBitStrength();
      case PublicKeyAlgorithmTags.Ed25519 -> "ed25519";
      case PublicKeyAlgorithmTags.Ed448 -> "ed448";
      case PublicKeyAlgorithmTags.ECDSA,
          PublicKeyAlgorithmTags.EDDSA_LEGACY,
          PublicKeyAlgorithmTags.ECDH ->
          curve(key.getPublicKeyPacket().getKey());
      default -> "public key algorithm " + key.getAlgorithm();
    };
  }

  private static String curve(BCPGKey key) {
    if (key instanceof ECPublicBCPGKey ec) {
      String oid = ec.getCurveOID().getId();
      return CURVES.getOrDefault(oid, "curve " + oid);
    }
    return "an unknown curve";
  }

  private static Verdict refused(String which, String apt) {
    return new Verdict(
        new SignatureFault(
            "was made by "
                + which
                + "; apt accepts only RSA of 2048 bits or more (3072 from 2030), Ed25519,"
                + " Ed448 and the NIST P and Brainpool curves",
            apt,
            "The repository's owner must sign with a new key (RSA 4096 or Ed25519) and publish"
                + " it; then update the keyring to it"),
        null);
  }

  private static Verdict weak(PGPPublicKey key, String name, String outlook) {
    return new Verdict(
        null,
        "Signature by key "
            + InReleaseVerifier.fingerprint(key)
            + " uses weak algorithm ("
            + name
            + "), as apt warns too"
            + outlook
            + ". The repository's owner should move to an RSA 4096 or Ed25519 key");
  }
}
