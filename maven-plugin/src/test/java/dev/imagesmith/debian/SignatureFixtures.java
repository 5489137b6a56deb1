package dev.imagesmith.debian;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;

/**
 * The InRelease files of section G of the security catalogue, each with the keyring it is checked
 * against: the verifier's tests assert our verdict and message on them, and the differential test
 * asks apt's own gpgv method (and sqv) about the same files. Made once per test run.
 */
final class SignatureFixtures {
  static final String RELEASE =
      "Origin: Test\nSuite: stable\nCodename: bookworm\n- a line starting with a dash\n"
          + "SHA256:\n "
          + "c".repeat(64)
          + " 123 main/binary-amd64/Packages.xz";

  /** One InRelease and the keys of its keyring. */
  record Fixture(String name, byte[] inRelease, List<TestKey> keyring) {
    Path writeKeyring(Path file) throws Exception {
      return TestKey.writeKeyring(file, keyring.toArray(TestKey[]::new));
    }
  }

  private static List<Fixture> all;

  private SignatureFixtures() {}

  static synchronized List<Fixture> all() throws Exception {
    if (all == null) {
      all = make();
    }
    return all;
  }

  static Fixture get(String name) throws Exception {
    return all().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
  }

  private static List<Fixture> make() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Duration day = Duration.ofDays(1);
    TestSignature sig = TestSignature.now();
    List<Fixture> f = new ArrayList<>();

    TestKey rsa = TestKey.generate();
    TestKey other = TestKey.generate();
    TestKey subkeyed = TestKey.builder().signingSubkey(s -> {}).build();
    f.add(one("good_sha256", rsa, sig));
    f.add(one("good_sha512", rsa, sig.hash(HashAlgorithmTags.SHA512)));
    f.add(one("good_subkey", subkeyed, sig));
    f.add(one("good_ed25519", ed().build(), sig));
    f.add(one("md5", rsa, sig.hash(HashAlgorithmTags.MD5)));
    f.add(one("sha1", rsa, sig.hash(HashAlgorithmTags.SHA1)));
    f.add(one("ripemd160", rsa, sig.hash(HashAlgorithmTags.RIPEMD160)));
    f.add(one("sha224", rsa, sig.hash(HashAlgorithmTags.SHA224)));
    f.add(one("sha1_subkey", subkeyed, sig.hash(HashAlgorithmTags.SHA1)));

    TestKey expired = ed().created(now.minus(day.multipliedBy(10))).validFor(day).build();
    f.add(one("expired_primary", expired, sig));
    f.add(
        one(
            "expired_primary_signed_in_time",
            expired,
            sig.madeAt(now.minus(day.multipliedBy(9).plusHours(12)))));
    f.add(
        one(
            "expired_subkey",
            ed().created(now.minus(day.multipliedBy(10)))
                .signingSubkey(s -> s.validFor(day))
                .build(),
            sig));
    f.add(
        one(
            "expired_primary_valid_subkey",
            ed().created(now.minus(day.multipliedBy(10)))
                .validFor(day)
                .signingSubkey(s -> {})
                .build(),
            sig));
    f.add(one("revoked_primary", ed().revoked(now.minus(Duration.ofHours(1))).build(), sig));
    f.add(
        one(
            "revoked_subkey",
            ed().signingSubkey(s -> s.revoked(now.minus(Duration.ofHours(1)))).build(),
            sig));
    f.add(
        one(
            "subkey_without_sign_flag",
            ed().signingSubkey(s -> s.flags(KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE))
                .build(),
            sig));
    f.add(one("primary_without_sign_flag", ed().flags(KeyFlags.CERTIFY_OTHER).build(), sig));
    f.add(one("primary_without_key_flags", ed().flags(null).build(), sig));
    f.add(one("subkey_unbound", ed().signingSubkey(TestKey.Subkey::unbound).build(), sig));
    f.add(
        one(
            "subkey_not_cross_certified",
            ed().signingSubkey(TestKey.Subkey::notCrossCertified).build(),
            sig));
    f.add(one("bare_primary", ed().bare().build(), sig));
    f.add(
        one(
            "self_signature_sha1",
            TestKey.builder().selfSignatureHash(HashAlgorithmTags.SHA1).build(),
            sig));
    f.add(
        one(
            "self_signature_md5",
            TestKey.builder().selfSignatureHash(HashAlgorithmTags.MD5).build(),
            sig));

    f.add(one("signed_before_key", rsa, sig.madeAt(now.minus(day.multipliedBy(2)))));
    f.add(one("signed_in_future", rsa, sig.madeAt(now.plus(Duration.ofHours(2)))));
    f.add(one("signed_in_future_within_skew", rsa, sig.madeAt(now.plus(Duration.ofMinutes(2)))));
    f.add(
        one(
            "signature_expired",
            rsa,
            sig.madeAt(now.minus(Duration.ofHours(3))).validFor(Duration.ofHours(1))));
    f.add(one("signature_expires_later", rsa, sig.validFor(day)));
    f.add(one("creation_time_unhashed", rsa, sig.creationTimeUnhashed()));
    f.add(one("v3_signature", rsa, sig.v3()));

    f.add(
        one(
            "rsa1024",
            TestKey.builder().algorithm(TestKeyMaterial.Algorithm.RSA_1024).build(),
            sig));
    f.add(
        one(
            "dsa1024",
            TestKey.builder().algorithm(TestKeyMaterial.Algorithm.DSA_1024).build(),
            sig));
    f.add(
        one(
            "brainpool_p256",
            TestKey.builder().algorithm(TestKeyMaterial.Algorithm.BRAINPOOL_P256).build(),
            sig));

    f.add(
        many(
            "strong_then_weak_same_key",
            List.of(rsa),
            rsa.sign(RELEASE, sig),
            rsa.sign(RELEASE, sig.hash(HashAlgorithmTags.SHA1))));
    f.add(
        many(
            "weak_then_strong_same_key",
            List.of(rsa),
            rsa.sign(RELEASE, sig.hash(HashAlgorithmTags.SHA1)),
            rsa.sign(RELEASE, sig)));
    f.add(
        many(
            "strong_and_weak_other_keys",
            List.of(rsa, other),
            rsa.sign(RELEASE, sig),
            other.sign(RELEASE, sig.hash(HashAlgorithmTags.SHA1))));
    f.add(
        many(
            "good_and_expired_key",
            List.of(rsa, expired),
            expired.sign(RELEASE, sig),
            rsa.sign(RELEASE, sig)));
    f.add(
        many(
            "weak_and_expired_key",
            List.of(rsa, expired),
            rsa.sign(RELEASE, sig.hash(HashAlgorithmTags.SHA1)),
            expired.sign(RELEASE, sig)));
    f.add(
        many(
            "good_and_unknown_key",
            List.of(rsa),
            other.sign(RELEASE, sig),
            rsa.sign(RELEASE, sig)));
    f.add(
        many(
            "good_and_bad_other_key",
            List.of(rsa, other),
            rsa.sign(RELEASE, sig),
            other.sign(RELEASE + "\nSuite: altered", sig)));
    return f;
  }

  /**
   * Most fixtures sign with Ed25519 keys, made in a millisecond where an RSA key takes a second:
   * the policy under test does not depend on the algorithm. The digest cases (data and
   * self-signatures) use RSA, as Debian does: gpg refuses short digests with EdDSA keys anyway.
   */
  private static TestKey.Builder ed() {
    return TestKey.builder().algorithm(TestKeyMaterial.Algorithm.ED25519);
  }

  private static Fixture one(String name, TestKey key, TestSignature how) throws Exception {
    return new Fixture(name, key.clearSign(RELEASE, how), List.of(key));
  }

  private static Fixture many(
      String name, List<TestKey> keyring, org.bouncycastle.openpgp.PGPSignature... signatures)
      throws Exception {
    return new Fixture(name, TestKey.clearSigned(RELEASE, signatures), keyring);
  }
}
