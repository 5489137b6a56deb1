package dev.imagesmith.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** An RSA OpenPGP key made for one test: writes its public keyring and clear-signs texts. */
final class TestKey {
  private final BcPGPKeyPair pair;

  private TestKey(BcPGPKeyPair pair) {
    this.pair = pair;
  }

  static TestKey generate() throws Exception {
    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
    generator.init(
        new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 12));
    return new TestKey(
        new BcPGPKeyPair(
            PublicKeyPacket.VERSION_4,
            PublicKeyAlgorithmTags.RSA_GENERAL,
            generator.generateKeyPair(),
            new Date(System.currentTimeMillis() - 86_400_000L)));
  }

  /** Writes the public key as a binary keyring, like those in /usr/share/keyrings. */
  Path writeKeyring(Path file) throws IOException {
    Files.write(file, new PGPPublicKeyRing(List.of(pair.getPublicKey())).getEncoded());
    return file;
  }

  /** An InRelease-style cleartext-signed document of {@code text}. */
  byte[] clearSign(String text) throws Exception {
    List<String> lines = List.of(text.split("\n", -1));
    StringBuilder canonical = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      canonical.append(i == 0 ? "" : "\r\n").append(lines.get(i).replaceAll("[ \\t]+$", ""));
    }
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(
                PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
            pair.getPublicKey());
    generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, pair.getPrivateKey());
    generator.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
    PGPSignature signature = generator.generate();
    ByteArrayOutputStream armor = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(armor)) {
      signature.encode(out);
    }
    StringBuilder document =
        new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n");
    for (String line : lines) {
      document.append(line.startsWith("-") ? "- " + line : line).append('\n');
    }
    document.append(armor.toString(StandardCharsets.US_ASCII));
    return document.toString().getBytes(StandardCharsets.UTF_8);
  }
}
