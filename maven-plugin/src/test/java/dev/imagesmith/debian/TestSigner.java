package dev.imagesmith.debian;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Date;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.MPInteger;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignaturePacket;
import org.bouncycastle.bcpg.SignatureSubpacket;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.bcpg.sig.IssuerKeyID;
import org.bouncycastle.bcpg.sig.SignatureCreationTime;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPV3SignatureGenerator;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPContentSigner;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/** Makes the data signatures {@link TestSignature} describes, defects included. */
final class TestSigner {
  private TestSigner() {}

  static PGPSignature sign(PGPKeyPair key, byte[] canonicalText, TestSignature how)
      throws Exception {
    BcPGPContentSignerBuilder builder =
        new BcPGPContentSignerBuilder(key.getPublicKey().getAlgorithm(), how.hash());
    if (how.version() == 3) {
      // Bouncy Castle stamps a version 3 signature with the time of signing.
      PGPV3SignatureGenerator generator = new PGPV3SignatureGenerator(builder);
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.getPrivateKey());
      generator.update(canonicalText);
      return generator.generate();
    }
    if (!how.hashedCreationTime()) {
      return withUnhashedCreationTime(key, builder, canonicalText, how);
    }
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(how.made()));
    hashed.setIssuerFingerprint(false, key.getPublicKey());
    if (how.validFor() != null) {
      hashed.setSignatureExpirationTime(false, how.validFor().toSeconds());
    }
    PGPSignatureGenerator generator = new PGPSignatureGenerator(builder, key.getPublicKey());
    generator.setHashedSubpackets(hashed.generate());
    generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.getPrivateKey());
    generator.update(canonicalText);
    return generator.generate();
  }

  /**
   * A version 4 signature whose creation time is only in the unhashed area. Bouncy Castle's
   * generator always hashes one, so the packet is put together here (RFC 4880 5.2.4): the trailer
   * covers the hashed subpackets, which hold only the issuer's fingerprint. RSA keys only.
   */
  private static PGPSignature withUnhashedCreationTime(
      PGPKeyPair key, BcPGPContentSignerBuilder builder, byte[] text, TestSignature how)
      throws Exception {
    if (key.getPublicKey().getAlgorithm() != PublicKeyAlgorithmTags.RSA_GENERAL) {
      throw new IllegalArgumentException("only RSA keys make signatures without hashed time");
    }
    int type = PGPSignature.CANONICAL_TEXT_DOCUMENT;
    PGPContentSigner signer = builder.build(type, key.getPrivateKey());
    SignatureSubpacket[] hashed = {
      new IssuerFingerprint(false, 4, key.getPublicKey().getFingerprint())
    };
    SignatureSubpacket[] unhashed = {
      new SignatureCreationTime(false, Date.from(how.made())),
      new IssuerKeyID(false, key.getKeyID())
    };
    ByteArrayOutputStream area = new ByteArrayOutputStream();
    for (SignatureSubpacket subpacket : hashed) {
      subpacket.encode(area);
    }
    byte[] hashedArea = area.toByteArray();
    ByteArrayOutputStream trailer = new ByteArrayOutputStream();
    trailer.write(4);
    trailer.write(type);
    trailer.write(key.getPublicKey().getAlgorithm());
    trailer.write(how.hash());
    trailer.write(hashedArea.length >> 8);
    trailer.write(hashedArea.length);
    trailer.write(hashedArea);
    int hashedLength = trailer.size();
    trailer.write(4);
    trailer.write(0xff);
    trailer.write(hashedLength >>> 24);
    trailer.write(hashedLength >>> 16);
    trailer.write(hashedLength >>> 8);
    trailer.write(hashedLength);
    try (OutputStream out = signer.getOutputStream()) {
      out.write(text);
      out.write(trailer.toByteArray());
    }
    byte[] value = signer.getSignature();
    byte[] digest = signer.getDigest();
    SignaturePacket packet =
        new SignaturePacket(
            4,
            type,
            key.getKeyID(),
            key.getPublicKey().getAlgorithm(),
            how.hash(),
            hashed,
            unhashed,
            new byte[] {digest[0], digest[1]},
            new MPInteger[] {new MPInteger(new BigInteger(1, value))});
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    try (BCPGOutputStream out = new BCPGOutputStream(encoded)) {
      packet.encode(out);
    }
    return ((PGPSignatureList) new BcPGPObjectFactory(encoded.toByteArray()).nextObject()).get(0);
  }
}
