package dev.imagesmith.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicSubkeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * An OpenPGP certificate made for one test the way archive keys are made: a primary key with a user
 * ID and its self-signature, optionally a signing subkey bound to it (with the embedded back
 * signature that gpg and Sequoia require). Each defect apt's verification looks for can be built in
 * through {@link #builder()}: expiry, revocation, missing key flags, missing bindings, weak
 * algorithms. Writes its public keyring and clear-signs texts ({@link TestSignature} says how).
 */
final class TestKey {
  static final String USER_ID = "Imagesmith test key <test@imagesmith.invalid>";

  private final PGPKeyPair primary;
  private final PGPKeyPair subkey;
  private final PGPPublicKeyRing ring;

  private TestKey(PGPKeyPair primary, PGPKeyPair subkey, PGPPublicKeyRing ring) {
    this.primary = primary;
    this.subkey = subkey;
    this.ring = ring;
  }

  /** An RSA 2048 primary key that certifies and signs, made a day ago, never expiring. */
  static TestKey generate() throws Exception {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** The public certificate, as a keyring holds it. */
  PGPPublicKeyRing publicRing() {
    return ring;
  }

  /** Fingerprint of the key that signs by default (the subkey, if there is one), in hex. */
  String signingFingerprint() {
    return hex(signer(TestSignature.now()).getPublicKey().getFingerprint());
  }

  String primaryFingerprint() {
    return hex(primary.getPublicKey().getFingerprint());
  }

  /** Writes the public key as a binary keyring, like those in /usr/share/keyrings. */
  Path writeKeyring(Path file) throws IOException {
    Files.write(file, ring.getEncoded());
    return file;
  }

  /** Writes the public keys of several certificates into one binary keyring. */
  static Path writeKeyring(Path file, TestKey... keys) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (TestKey key : keys) {
      out.write(key.ring.getEncoded());
    }
    Files.write(file, out.toByteArray());
    return file;
  }

  /** An InRelease-style cleartext-signed document of {@code text}, signed now with SHA-256. */
  byte[] clearSign(String text) throws Exception {
    return clearSign(text, TestSignature.now());
  }

  byte[] clearSign(String text, TestSignature how) throws Exception {
    return clearSigned(text, sign(text, how));
  }

  /** One signature over the canonical form of {@code text} (RFC 4880 section 7.1). */
  PGPSignature sign(String text, TestSignature how) throws Exception {
    return TestSigner.sign(signer(how), canonical(text), how);
  }

  private PGPKeyPair signer(TestSignature how) {
    return subkey == null || how.primaryKeySigns() ? primary : subkey;
  }

  /** A cleartext-signed document carrying all of {@code signatures}, in this order. */
  static byte[] clearSigned(String text, PGPSignature... signatures) throws IOException {
    ByteArrayOutputStream armor = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(armor)) {
      for (PGPSignature signature : signatures) {
        signature.encode(out);
      }
    }
    Set<String> hashes = new LinkedHashSet<>();
    for (PGPSignature signature : signatures) {
      hashes.add(hashName(signature.getHashAlgorithm()));
    }
    StringBuilder document =
        new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: ")
            .append(String.join(",", hashes))
            .append("\n\n");
    for (String line : text.split("\n", -1)) {
      document.append(line.startsWith("-") ? "- " + line : line).append('\n');
    }
    document.append(armor.toString(StandardCharsets.US_ASCII));
    return document.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] canonical(String text) {
    List<String> lines = List.of(text.split("\n", -1));
    StringBuilder canonical = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      canonical.append(i == 0 ? "" : "\r\n").append(lines.get(i).replaceAll("[ \\t]+$", ""));
    }
    return canonical.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String hashName(int algorithm) {
    return switch (algorithm) {
      case HashAlgorithmTags.MD5 -> "MD5";
      case HashAlgorithmTags.SHA1 -> "SHA1";
      case HashAlgorithmTags.RIPEMD160 -> "RIPEMD160";
      case HashAlgorithmTags.SHA224 -> "SHA224";
      case HashAlgorithmTags.SHA384 -> "SHA384";
      case HashAlgorithmTags.SHA512 -> "SHA512";
      default -> "SHA256";
    };
  }

  static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    return text.toString();
  }

  /** What the signing subkey looks like; the defaults make a well-formed one. */
  static final class Subkey {
    private TestKeyMaterial.Algorithm algorithm; // default: the primary key's
    private Instant created;
    private Duration validFor;
    private int flags = KeyFlags.SIGN_DATA;
    private Instant revoked;
    private boolean bound = true;
    private boolean crossCertified = true;

    Subkey algorithm(TestKeyMaterial.Algorithm value) {
      algorithm = value;
      return this;
    }

    /** Default: the primary key's creation time. */
    Subkey created(Instant value) {
      created = value;
      return this;
    }

    Subkey validFor(Duration value) {
      validFor = value;
      return this;
    }

    Subkey flags(int value) {
      flags = value;
      return this;
    }

    Subkey revoked(Instant when) {
      revoked = when;
      return this;
    }

    /** No subkey binding signature at all: the subkey only sits next to the primary key. */
    Subkey unbound() {
      bound = false;
      return this;
    }

    /** A binding signature without the embedded primary key binding (back) signature. */
    Subkey notCrossCertified() {
      crossCertified = false;
      return this;
    }
  }

  /** Builds a {@link TestKey}; the defaults make {@link #generate()}'s key. */
  static final class Builder {
    private TestKeyMaterial.Algorithm algorithm = TestKeyMaterial.Algorithm.RSA_2048;
    private Instant created =
        Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    private Duration validFor;
    private Integer flags = KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA;
    private Instant revoked;
    private int selfSignatureHash = HashAlgorithmTags.SHA256;
    private boolean selfSigned = true;
    private Subkey subkey;

    Builder algorithm(TestKeyMaterial.Algorithm value) {
      algorithm = value;
      return this;
    }

    Builder created(Instant value) {
      created = value.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /** The key expiration time of the self-signature: the key expires this long after creation. */
    Builder validFor(Duration value) {
      validFor = value;
      return this;
    }

    /** Key flags of the self-signature; null leaves the subpacket out. */
    Builder flags(Integer value) {
      flags = value;
      return this;
    }

    Builder revoked(Instant when) {
      revoked = when;
      return this;
    }

    Builder selfSignatureHash(int algorithm) {
      selfSignatureHash = algorithm;
      return this;
    }

    /** A bare key: no user ID and no self-signature, as some hand-made keyrings have. */
    Builder bare() {
      selfSigned = false;
      return this;
    }

    /** Adds a signing subkey, shaped by {@code spec}; the subkey then makes the signatures. */
    Builder signingSubkey(Consumer<Subkey> spec) {
      subkey = new Subkey();
      spec.accept(subkey);
      return this;
    }

    TestKey build() throws Exception {
      PGPKeyPair primary = TestKeyMaterial.pair(algorithm, created);
      PGPPublicKey primaryPublic = primary.getPublicKey();
      if (selfSigned) {
        PGPSignatureSubpacketGenerator hashed = subpackets(created, primaryPublic);
        if (flags != null) {
          hashed.setKeyFlags(false, flags);
        }
        if (validFor != null) {
          hashed.setKeyExpirationTime(false, validFor.toSeconds());
        }
        hashed.setPrimaryUserID(false, true);
        PGPSignatureGenerator generator = generator(primary, selfSignatureHash, hashed);
        generator.init(PGPSignature.POSITIVE_CERTIFICATION, primary.getPrivateKey());
        primaryPublic =
            PGPPublicKey.addCertification(
                primaryPublic, USER_ID, generator.generateCertification(USER_ID, primaryPublic));
      }
      if (revoked != null) {
        PGPSignatureSubpacketGenerator hashed = subpackets(revoked, primaryPublic);
        hashed.setRevocationReason(false, RevocationReasonTags.KEY_COMPROMISED, "test revocation");
        PGPSignatureGenerator generator = generator(primary, HashAlgorithmTags.SHA256, hashed);
        generator.init(PGPSignature.KEY_REVOCATION, primary.getPrivateKey());
        primaryPublic =
            PGPPublicKey.addCertification(
                primaryPublic, generator.generateCertification(primaryPublic));
      }
      List<PGPPublicKey> keys = new ArrayList<>(List.of(primaryPublic));
      PGPKeyPair sub = null;
      if (subkey != null) {
        Instant subCreated = subkey.created != null ? subkey.created : created;
        sub =
            TestKeyMaterial.pair(
                subkey.algorithm != null ? subkey.algorithm : algorithm, subCreated);
        PGPPublicKey subPublic =
            new PGPPublicKey(
                new PublicSubkeyPacket(
                    sub.getPublicKey().getVersion(),
                    sub.getPublicKey().getAlgorithm(),
                    Date.from(subCreated),
                    sub.getPublicKey().getPublicKeyPacket().getKey()),
                new BcKeyFingerprintCalculator());
        if (subkey.bound) {
          subPublic = bind(primary, primaryPublic, sub, subPublic, subCreated);
        }
        if (subkey.revoked != null) {
          PGPSignatureSubpacketGenerator hashed = subpackets(subkey.revoked, primaryPublic);
          hashed.setRevocationReason(false, RevocationReasonTags.KEY_RETIRED, "test revocation");
          PGPSignatureGenerator generator = generator(primary, HashAlgorithmTags.SHA256, hashed);
          generator.init(PGPSignature.SUBKEY_REVOCATION, primary.getPrivateKey());
          subPublic =
              PGPPublicKey.addCertification(
                  subPublic, generator.generateCertification(primaryPublic, subPublic));
        }
        keys.add(subPublic);
      }
      return new TestKey(primary, sub, new PGPPublicKeyRing(keys));
    }

    private PGPPublicKey bind(
        PGPKeyPair primary,
        PGPPublicKey primaryPublic,
        PGPKeyPair sub,
        PGPPublicKey subPublic,
        Instant subCreated)
        throws Exception {
      PGPSignatureSubpacketGenerator hashed = subpackets(subCreated, primaryPublic);
      hashed.setKeyFlags(false, subkey.flags);
      if (subkey.validFor != null) {
        hashed.setKeyExpirationTime(false, subkey.validFor.toSeconds());
      }
      if (subkey.crossCertified) {
        PGPSignatureGenerator back =
            generator(sub, HashAlgorithmTags.SHA256, subpackets(subCreated, subPublic));
        back.init(PGPSignature.PRIMARYKEY_BINDING, sub.getPrivateKey());
        hashed.setEmbeddedSignature(false, back.generateCertification(primaryPublic, subPublic));
      }
      PGPSignatureGenerator generator = generator(primary, HashAlgorithmTags.SHA256, hashed);
      generator.init(PGPSignature.SUBKEY_BINDING, primary.getPrivateKey());
      return PGPPublicKey.addCertification(
          subPublic, generator.generateCertification(primaryPublic, subPublic));
    }

    private static PGPSignatureSubpacketGenerator subpackets(Instant made, PGPPublicKey issuer) {
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(made));
      hashed.setIssuerFingerprint(false, issuer);
      return hashed;
    }

    private static PGPSignatureGenerator generator(
        PGPKeyPair key, int hash, PGPSignatureSubpacketGenerator hashed) {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(key.getPublicKey().getAlgorithm(), hash),
              key.getPublicKey());
      generator.setHashedSubpackets(hashed.generate());
      return generator;
    }
  }
}
