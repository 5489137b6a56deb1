package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section G of the security catalogue: InRelease signatures apt refuses are refused here too, each
 * with one message that names the InRelease URL, the key, why, apt's own word for it, and the fix.
 * The keys and signatures are made by {@link SignatureFixtures}; {@link
 * InReleaseAptDifferentialTest} asks apt itself about the same files.
 */
class InReleaseSignatureCasesTest {
  private static final String URL = "http://deb.example.org/debian/dists/stable/InRelease";

  @TempDir Path temp;

  @Test
  void G1_weakDigests_md5Sha1Ripemd160_refusedAsApt() throws Exception {
    assertRefused("md5", "was made with MD5", "(apt: ERRSIG)", "SHA-256 or stronger");
    assertRefused(
        "sha1", "was made with SHA-1", "untrusted digest algorithm: SHA1", "SHA-256 or stronger");
    assertRefused(
        "ripemd160",
        "was made with RIPEMD-160",
        "untrusted digest algorithm: RIPE-MD/160",
        "modern signature");
    assertRefused("sha1_subkey", "was made with SHA-1", "untrusted digest algorithm: SHA1");
    accepted("good_sha256");
    accepted("good_sha512");
  }

  @Test
  void G2_sha224_refusedForSignaturesMadeSinceApt3Cutoff() throws Exception {
    assertRefused("sha224", "was made with SHA-224", "apt 3: SHA224 is not considered secure");
    Instant before = DigestPolicy.APT3_CUTOFF.minus(Duration.ofDays(20));
    TestKey key = TestKey.builder().created(before).build();
    byte[] signed =
        key.clearSign(
            SignatureFixtures.RELEASE,
            TestSignature.now().hash(HashAlgorithmTags.SHA224).madeAt(before.plusSeconds(3600)));
    InReleaseVerifier verifier = InReleaseVerifier.load(key.writeKeyring(temp.resolve("k.gpg")));
    assertEquals(
        key.primaryFingerprint(),
        verifier.verify(signed, URL, before.plus(Duration.ofDays(1))).signer());
  }

  @Test
  void G3_expiredPrimaryKey_refusedAsExpkeysig_evenIfItSignedInTime() throws Exception {
    SignatureFixtures.Fixture fixture = SignatureFixtures.get("expired_primary");
    String message =
        assertRefused(
            "expired_primary",
            "The signature by key " + fixture.keyring().get(0).primaryFingerprint(),
            "was made by a key that expired on ",
            "(apt: EXPKEYSIG)",
            "upgrade debian-archive-keyring");
    assertTrue(message.contains(temp.resolve("expired_primary.gpg").toString()), message);
    assertRefused(
        "expired_primary_signed_in_time",
        "expired on",
        "after the signature was made, but apt refuses signatures by expired keys",
        "(apt: EXPKEYSIG)");
  }

  @Test
  void G4_expiredSigningSubkey_orItsPrimary_refused() throws Exception {
    SignatureFixtures.Fixture fixture = SignatureFixtures.get("expired_subkey");
    TestKey key = fixture.keyring().get(0);
    assertRefused(
        "expired_subkey",
        "The signature by subkey "
            + key.signingFingerprint()
            + " of key "
            + key.primaryFingerprint(),
        "was made by a subkey that expired on",
        "(apt: EXPKEYSIG)");
    assertRefused(
        "expired_primary_valid_subkey",
        "was made by a subkey whose primary key expired on",
        "(apt: EXPKEYSIG)");
    accepted("good_subkey");
  }

  @Test
  void G5_revokedPrimaryKey_refusedAsRevkeysig() throws Exception {
    assertRefused(
        "revoked_primary",
        "was made by a key that was revoked on",
        "(key compromised: test revocation)",
        "(apt: REVKEYSIG)",
        "Do not trust this signature");
  }

  @Test
  void G6_revokedSubkey_refusedAsRevkeysig() throws Exception {
    assertRefused(
        "revoked_subkey",
        "was made by a subkey that was revoked on",
        "(key retired: test revocation)",
        "(apt: REVKEYSIG)");
  }

  @Test
  void G7_keyNotAllowedToSign_refused() throws Exception {
    assertRefused(
        "subkey_without_sign_flag",
        "key flags do not allow signing (they allow encrypt communications, encrypt storage)",
        "(apt: ERRSIG)",
        "key flag 0x02");
    assertRefused(
        "primary_without_sign_flag", "do not allow signing (they allow certify)", "ERRSIG");
    assertRefused(
        "primary_without_key_flags", "has no key flags", "(apt 3: key is not signing capable)");
  }

  @Test
  void G8_subkeyOrKeyNotBound_refused() throws Exception {
    assertRefused(
        "subkey_unbound",
        "was made by a subkey that is not bound in the keyring: it has no binding signature",
        "apt: ERRSIG; apt 3: not bound",
        "--reinstall debian-archive-keyring");
    assertRefused("subkey_not_cross_certified", "is not cross-certified", "ERRSIG");
    assertRefused("bare_primary", "it has no self-signature", "ERRSIG");
    assertRefused("self_signature_md5", "no self-signature counts (it was made with MD5");
    assertRefused(
        "self_signature_sha1",
        "no self-signature counts (it was made with SHA-1 on",
        "apt 3 refuses in self-signatures made since 2026-02-01");
  }

  @Test
  void G9_signatureOlderThanItsKey_refused() throws Exception {
    assertRefused(
        "signed_before_key",
        "before its key was created",
        "a key cannot sign before it exists",
        "apt 3: no binding signature at time");
  }

  @Test
  void G10_signatureFromTheFuture_refusedBeyondClockSkew() throws Exception {
    assertRefused(
        "signed_in_future",
        "after this build's clock",
        "10 minutes of skew are allowed",
        "Correct the build host's clock");
    accepted("signed_in_future_within_skew");
  }

  @Test
  void G11_expiredSignature_refusedAsExpsig() throws Exception {
    assertRefused("signature_expired", "expired on", "(apt: EXPSIG)", "up-to-date mirror");
    accepted("signature_expires_later");
  }

  @Test
  void G12_creationTimeOnlyUnhashed_refused() throws Exception {
    assertRefused(
        "creation_time_unhashed",
        "has no creation time in its hashed part",
        "apt 3: missing a Signature Creation Time subpacket");
  }

  @Test
  void G13_version3Signature_refusedSinceApt3Cutoff() throws Exception {
    assertRefused(
        "v3_signature",
        "is a version 3 signature made on",
        "Signature Packet v3 is not considered secure");
  }

  @Test
  void G14_weakPublicKeys_refused_brainpoolWarned() throws Exception {
    assertRefused(
        "rsa1024",
        "was made by a rsa1024 key",
        "(apt: untrusted public key algorithm: rsa1024)",
        "new key (RSA 4096 or Ed25519)");
    assertRefused(
        "dsa1024", "was made by a dsa1024 key", "untrusted public key algorithm: dsa1024");
    InReleaseVerifier.Verified brainpool = accepted("brainpool_p256");
    assertEquals(1, brainpool.warnings().size(), brainpool.warnings().toString());
    assertTrue(
        brainpool.warnings().get(0).contains("uses weak algorithm (brainpoolP256r1)"),
        brainpool.warnings().get(0));
    assertEquals(List.of(), accepted("good_ed25519").warnings());
    assertEquals(List.of(), accepted("good_sha256").warnings());
  }

  @Test
  void G14_rsa2048AndBrainpool_refusedForSignaturesAfterApt3Cutoffs() throws Exception {
    Instant rsaDay = PublicKeyPolicy.RSA2048_CUTOFF.plus(Duration.ofDays(30));
    TestKey rsa2048 = TestKey.builder().created(rsaDay).build();
    assertTrue(
        refusedAt(rsa2048, rsaDay).contains("apt 3: RSA2048 is not considered secure since"));
    Instant brainpoolDay = PublicKeyPolicy.BRAINPOOL_CUTOFF.plus(Duration.ofDays(30));
    TestKey brainpool =
        TestKey.builder()
            .algorithm(TestKeyMaterial.Algorithm.BRAINPOOL_P256)
            .created(brainpoolDay)
            .build();
    assertTrue(refusedAt(brainpool, brainpoolDay).contains("was made by a brainpoolP256r1 key"));
  }

  /** The message refusing {@code key}'s signature made an hour after {@code created}. */
  private String refusedAt(TestKey key, Instant created) throws Exception {
    Instant made = created.plus(Duration.ofHours(1));
    byte[] signed = key.clearSign(SignatureFixtures.RELEASE, TestSignature.now().madeAt(made));
    InReleaseVerifier verifier =
        InReleaseVerifier.load(key.writeKeyring(temp.resolve("later.gpg")));
    return assertThrows(
            UserInputException.class, () -> verifier.verify(signed, URL, made.plusSeconds(60)))
        .getMessage();
  }

  @Test
  void G15_severalSignatures_oneGoodSuffices_butBadFailsAll() throws Exception {
    SignatureFixtures.Fixture mixed = SignatureFixtures.get("strong_and_weak_other_keys");
    assertEquals(
        mixed.keyring().get(0).primaryFingerprint(),
        accepted("strong_and_weak_other_keys").signer());
    accepted("strong_then_weak_same_key");
    accepted("weak_then_strong_same_key");
    accepted("good_and_expired_key");
    accepted("good_and_unknown_key");
    String both =
        assertRefused(
            "weak_and_expired_key", "untrusted digest algorithm: SHA1", "(apt: EXPKEYSIG)");
    assertEquals(2, both.split("The signature by key ").length - 1, both);
    UserInputException bad =
        assertThrows(UserInputException.class, () -> verify("good_and_bad_other_key"));
    assertTrue(bad.getMessage().contains("does not match the signed text (BAD signature)"));
  }

  private InReleaseVerifier.Verified verify(String name) throws Exception {
    SignatureFixtures.Fixture fixture = SignatureFixtures.get(name);
    Path keyring = fixture.writeKeyring(temp.resolve(name + ".gpg"));
    return InReleaseVerifier.load(keyring).verify(fixture.inRelease(), URL);
  }

  private InReleaseVerifier.Verified accepted(String name) throws Exception {
    InReleaseVerifier.Verified verified = verify(name);
    assertEquals(SignatureFixtures.RELEASE, verified.text(), name);
    return verified;
  }

  /** Asserts one clear message: the URL first, each of {@code parts}, no stack trace. */
  private String assertRefused(String name, String... parts) {
    UserInputException e = assertThrows(UserInputException.class, () -> verify(name), name);
    String message = e.getMessage();
    assertTrue(
        message.startsWith(URL + ": no signature on it is one apt accepts, so nothing was"),
        message);
    for (String part : parts) {
      assertTrue(message.contains(part), name + ": '" + part + "' missing from: " + message);
    }
    assertFalse(message.contains("\n") || message.contains("Exception"), message);
    return message;
  }
}
