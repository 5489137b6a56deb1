package dev.imagesmith.debian;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.teletrust.TeleTrusTNamedCurves;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.DSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.DSAParametersGenerator;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.DSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Fresh key pairs for {@link TestKey}, in the public key algorithms apt's policy sorts. */
final class TestKeyMaterial {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The algorithms the tests use: what Debian signs with, and what apt refuses or warns about. */
  enum Algorithm {
    RSA_2048,
    RSA_1024,
    ED25519,
    BRAINPOOL_P256,
    DSA_1024
  }

  private TestKeyMaterial() {}

  static PGPKeyPair pair(Algorithm algorithm, Instant created) throws Exception {
    Date time = Date.from(created);
    return switch (algorithm) {
      case RSA_2048 -> new BcPGPKeyPair(v4(), PublicKeyAlgorithmTags.RSA_GENERAL, rsa(2048), time);
      case RSA_1024 -> new BcPGPKeyPair(v4(), PublicKeyAlgorithmTags.RSA_GENERAL, rsa(1024), time);
      case ED25519 -> {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        yield new BcPGPKeyPair(
            v4(), PublicKeyAlgorithmTags.EDDSA_LEGACY, generator.generateKeyPair(), time);
      }
      case BRAINPOOL_P256 -> {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(
            new ECKeyGenerationParameters(
                new ECNamedDomainParameters(
                    TeleTrusTObjectIdentifiers.brainpoolP256r1,
                    TeleTrusTNamedCurves.getByOID(TeleTrusTObjectIdentifiers.brainpoolP256r1)),
                RANDOM));
        yield new BcPGPKeyPair(
            v4(), PublicKeyAlgorithmTags.ECDSA, generator.generateKeyPair(), time);
      }
      case DSA_1024 -> {
        DSAParametersGenerator parameters = new DSAParametersGenerator();
        parameters.init(1024, 20, RANDOM);
        DSAKeyPairGenerator generator = new DSAKeyPairGenerator();
        generator.init(new DSAKeyGenerationParameters(RANDOM, parameters.generateParameters()));
        yield new BcPGPKeyPair(v4(), PublicKeyAlgorithmTags.DSA, generator.generateKeyPair(), time);
      }
    };
  }

  private static int v4() {
    return PublicKeyPacket.VERSION_4;
  }

  private static AsymmetricCipherKeyPair rsa(int bits) {
    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
    generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), RANDOM, bits, 12));
    return generator.generateKeyPair();
  }
}
