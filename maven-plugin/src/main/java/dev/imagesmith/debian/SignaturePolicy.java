package dev.imagesmith.debian;

import dev.imagesmith.plan.ConfigPaths;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * Whether apt counts one cryptographically valid signature of an InRelease file: the signature's
 * own form and dates, its digest ({@link DigestPolicy}), the key that made it ({@link
 * SigningKeyPolicy}) and that key's algorithm ({@link PublicKeyPolicy}).
 *
 * <p>On the signature itself: it must be a version 4 signature of a document whose creation time is
 * in its hashed area (in the unhashed area anyone can change it; Sequoia, so apt 3, refuses such a
 * signature as malformed); a version 3 signature, whose time is hashed too, only if made before
 * 2026-02-01 (apt 3's policy). It must not be dated beyond {@link ReleaseValidity#CLOCK_SKEW} after
 * the build's clock (apt 3 does not take signatures from the future; the skew is the one the
 * Release's {@code Date} gets), and must not have expired ({@code EXPSIG} in apt 2).
 */
final class SignaturePolicy {
  /** What the policy says about one signature: a fault, or a warning, or neither. */
  record Judgement(SignatureFault fault, String warning) {}

  private SignaturePolicy() {}

  /**
   * @param signature a signature that verified against {@code key}
   * @param primary the primary key of {@code key}'s certificate
   * @param now the build's clock
   * @param keyring the keyring's file, named in how to fix
   */
  static Judgement judge(
      PGPSignature signature, PGPPublicKey primary, PGPPublicKey key, Instant now, String keyring) {
    int type = signature.getSignatureType();
    if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      return fault(
          String.format(Locale.ROOT, "is of type 0x%02x, not a signature of a document", type),
          "apt: BADSIG",
          "The repository's signing setup is broken; its owner must sign InRelease with gpg"
              + " --clearsign");
    }
    Instant made;
    if (signature.getVersion() == 4) {
      PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
      if (hashed == null || hashed.getSignatureCreationTime() == null) {
        return fault(
            "has no creation time in its hashed part (only in the unhashed part, which anyone can"
                + " change), so nothing says when it was made",
            "apt 3: missing a Signature Creation Time subpacket",
            "The repository's owner must sign InRelease with a standard OpenPGP tool (gpg, sq)");
      }
      made = hashed.getSignatureCreationTime().toInstant();
    } else if (signature.getVersion() == 3) {
      made = signature.getCreationTime().toInstant();
      if (!made.isBefore(DigestPolicy.APT3_CUTOFF)) {
        return fault(
            "is a version 3 signature made on "
                + ReleaseDates.SHOWN.format(made)
                + "; apt 3 refuses version 3 signatures made since "
                + ReleaseDates.SHOWN.format(DigestPolicy.APT3_CUTOFF),
            "apt 3: Signature Packet v3 is not considered secure since 2026-02-01",
            "The repository's owner must sign InRelease with a current OpenPGP tool, which makes"
                + " version 4 signatures");
      }
    } else {
      return fault(
          "is a version " + signature.getVersion() + " signature, which apt does not verify",
          "apt: ERRSIG",
          "The repository's owner must sign InRelease with a version 4 key and signature");
    }
    SignatureFault digest = DigestPolicy.forData(signature.getHashAlgorithm(), made);
    if (digest != null) {
      return new Judgement(digest, null);
    }
    if (made.isAfter(now.plus(ReleaseValidity.CLOCK_SKEW))) {
      return fault(
          "is dated "
              + ReleaseDates.SHOWN.format(made)
              + ", "
              + ReleaseValidity.ago(Duration.between(now, made))
              + " after this build's clock ("
              + ReleaseDates.SHOWN.format(now)
              + "; "
              + ReleaseValidity.CLOCK_SKEW.toMinutes()
              + " minutes of skew are allowed)",
          "apt 3: not live until " + ReleaseDates.SHOWN.format(made),
          "Correct the build host's clock, or the repository's if it is yours");
    }
    long lifetime =
        signature.getVersion() == 4
            ? signature.getHashedSubPackets().getSignatureExpirationTime()
            : 0;
    if (lifetime > 0 && !now.isBefore(made.plusSeconds(lifetime))) {
      return fault(
          "expired on " + ReleaseDates.SHOWN.format(made.plusSeconds(lifetime)),
          "apt: EXPSIG",
          "The mirror serves an InRelease that was not signed again in time: use an up-to-date"
              + " mirror in "
              + ConfigPaths.POM.debian().repository());
    }
    SignatureFault keyFault = SigningKeyPolicy.judge(primary, key, made, now, keyring);
    if (keyFault != null) {
      return new Judgement(keyFault, null);
    }
    String warning = null;
    for (PGPPublicKey judged :
        key == primary ? new PGPPublicKey[] {key} : new PGPPublicKey[] {key, primary}) {
      PublicKeyPolicy.Verdict verdict = PublicKeyPolicy.judge(judged, judged != key, made);
      if (verdict.refusal() != null) {
        return new Judgement(verdict.refusal(), null);
      }
      warning = warning != null ? warning : verdict.warning();
    }
    return new Judgement(null, warning);
  }

  private static Judgement fault(String what, String apt, String fix) {
    return new Judgement(new SignatureFault(what, apt, fix), null);
  }
}
