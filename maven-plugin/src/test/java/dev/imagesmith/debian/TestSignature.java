package dev.imagesmith.debian;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.bcpg.HashAlgorithmTags;

/**
 * How a test signs an InRelease text: the defaults are what an archive does (a version 4 signature
 * with SHA-256, made now by the signing subkey if the key has one, its creation time in the hashed
 * area, no expiry); each wither builds in one defect that apt's verification looks for.
 *
 * @param hash the digest, a {@link HashAlgorithmTags} number
 * @param made the signature's creation time
 * @param hashedCreationTime false: the creation time goes to the unhashed area only, where anyone
 *     can change it
 * @param validFor the signature's expiration time subpacket, or null for none
 * @param version 3 or 4
 * @param primaryKeySigns sign with the primary key even if the key has a signing subkey
 */
record TestSignature(
    int hash,
    Instant made,
    boolean hashedCreationTime,
    Duration validFor,
    int version,
    boolean primaryKeySigns) {

  /** SHA-256, version 4, made now. */
  static TestSignature now() {
    return new TestSignature(
        HashAlgorithmTags.SHA256,
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        true,
        null,
        4,
        false);
  }

  TestSignature hash(int algorithm) {
    return new TestSignature(
        algorithm, made, hashedCreationTime, validFor, version, primaryKeySigns);
  }

  TestSignature madeAt(Instant time) {
    return new TestSignature(
        hash,
        time.truncatedTo(ChronoUnit.SECONDS),
        hashedCreationTime,
        validFor,
        version,
        primaryKeySigns);
  }

  TestSignature validFor(Duration lifetime) {
    return new TestSignature(hash, made, hashedCreationTime, lifetime, version, primaryKeySigns);
  }

  /** A version 3 signature (RFC 4880 5.2.2): its creation time is the time of signing. */
  TestSignature v3() {
    return new TestSignature(hash, made, hashedCreationTime, validFor, 3, primaryKeySigns);
  }

  TestSignature creationTimeUnhashed() {
    return new TestSignature(hash, made, false, validFor, version, primaryKeySigns);
  }

  TestSignature byPrimary() {
    return new TestSignature(hash, made, hashedCreationTime, validFor, version, true);
  }
}
