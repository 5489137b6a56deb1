package dev.imagesmith.debian;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * What the self-signatures in a keyring say about one key, read as gpg and Sequoia read them: when
 * it expires, what it may do, whether it is revoked, and whether it is bound at all.
 *
 * <p>A self-signature counts only if the primary key made it over this key (a user ID certification
 * or direct-key signature for the primary key, a subkey binding for a subkey), it verifies, its
 * creation time is in its hashed area, no earlier than the key and not in the future, it has not
 * expired, and its digest is one apt 3 accepts in self-signatures ({@link
 * DigestPolicy#forSelfSignature}). The newest one that counts is in force (for the primary key: the
 * newest certification of a user ID marked primary, else of any user ID; a direct-key signature
 * fills in what it leaves out). A subkey that may sign must also carry, in its binding, a back
 * signature by the subkey over the primary key: without it anyone could bind someone else's signing
 * key to their own primary key. Revocations count if the primary key made them and they verify,
 * whatever their reason or date: gpg, and so apt 2, never uses a revoked key.
 */
final class KeyBindings {
  private static final BcPGPContentVerifierBuilderProvider VERIFIERS =
      new BcPGPContentVerifierBuilderProvider();

  /**
   * What the self-signatures say about one key.
   *
   * @param expires when the key expires, or null if never
   * @param flags the key flags in force, or null if the self-signature has none
   * @param revocation the revocation, or null
   * @param unbound why no self-signature counts, or null when one does
   */
  record Status(Instant expires, Integer flags, Revocation revocation, String unbound) {
    boolean maySign() {
      return flags != null && (flags & KeyFlags.SIGN_DATA) != 0;
    }
  }

  /** A revocation signature: when it was made and the reason it gives. */
  record Revocation(Instant made, String reason) {}

  private KeyBindings() {}

  static Status primary(PGPPublicKey primary, Instant now) {
    List<PGPSignature> certifications = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
      byte[] id = ids.next();
      Iterator<PGPSignature> signatures = primary.getSignaturesForID(id);
      while (signatures != null && signatures.hasNext()) {
        PGPSignature signature = signatures.next();
        if (PGPSignature.isCertification(signature.getSignatureType())
            && counts(signature, primary, primary, now, rejected)
            && verifies(signature, primary, s -> s.verifyCertification(id, primary))) {
          certifications.add(signature);
        }
      }
    }
    PGPSignature direct = newest(primary, PGPSignature.DIRECT_KEY, now, rejected);
    PGPSignature inForce =
        certifications.stream()
            .filter(s -> s.getHashedSubPackets().isPrimaryUserID())
            .max(BY_CREATION)
            .orElse(certifications.stream().max(BY_CREATION).orElse(direct));
    if (inForce == null) {
      return new Status(null, null, null, unbound("self-signature", rejected));
    }
    Long lifetime = keyLifetime(inForce);
    Integer flags = keyFlags(inForce);
    if (direct != null && inForce != direct) {
      lifetime = lifetime != null ? lifetime : keyLifetime(direct);
      flags = flags != null ? flags : keyFlags(direct);
    }
    return new Status(
        expiry(primary, lifetime),
        flags,
        revocation(primary, primary, PGPSignature.KEY_REVOCATION),
        null);
  }

  static Status subkey(PGPPublicKey primary, PGPPublicKey subkey, Instant now) {
    List<String> rejected = new ArrayList<>();
    PGPSignature binding = null;
    for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        it.hasNext(); ) {
      PGPSignature signature = it.next();
      if (counts(signature, primary, subkey, now, rejected)
          && verifies(signature, primary, s -> s.verifyCertification(primary, subkey))
          && (binding == null || BY_CREATION.compare(signature, binding) > 0)) {
        binding = signature;
      }
    }
    if (binding == null) {
      return new Status(
          null, null, null, unbound("binding signature by its primary key", rejected));
    }
    Integer flags = keyFlags(binding);
    Revocation revocation = revocation(primary, subkey, PGPSignature.SUBKEY_REVOCATION);
    if (flags != null
        && (flags & (KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER)) != 0
        && !crossCertified(binding, primary, subkey, now)) {
      return new Status(
          null,
          flags,
          revocation,
          "its binding signature lacks a valid back signature by the subkey (it is not"
              + " cross-certified), so nothing shows that the subkey's owner agreed to the binding");
    }
    return new Status(expiry(subkey, keyLifetime(binding)), flags, revocation, null);
  }

  private static final Comparator<PGPSignature> BY_CREATION =
      Comparator.comparing(PGPSignature::getCreationTime);

  /** Whether a self-signature may count at all; if not, says why in {@code rejected}. */
  private static boolean counts(
      PGPSignature signature,
      PGPPublicKey issuer,
      PGPPublicKey key,
      Instant now,
      List<String> rejected) {
    if (!issuedBy(signature, issuer)) {
      return false; // a certification by someone else: says nothing about the key's own use
    }
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    if (hashed == null || hashed.getSignatureCreationTime() == null) {
      rejected.add("it has no hashed creation time");
      return false;
    }
    Instant made = hashed.getSignatureCreationTime().toInstant();
    String why = null;
    if (made.isBefore(key.getCreationTime().toInstant())) {
      why = "it predates the key";
    } else if (made.isAfter(now.plus(ReleaseValidity.CLOCK_SKEW))) {
      why = "it is dated " + ReleaseDates.SHOWN.format(made) + ", in the future";
    } else if (hashed.getSignatureExpirationTime() > 0
        && !now.isBefore(made.plusSeconds(hashed.getSignatureExpirationTime()))) {
      why = "it expired";
    } else {
      why = DigestPolicy.forSelfSignature(signature.getHashAlgorithm(), made);
    }
    if (why != null) {
      rejected.add(why);
    }
    return why == null;
  }

  private static PGPSignature newest(
      PGPPublicKey primary, int type, Instant now, List<String> rejected) {
    PGPSignature newest = null;
    for (Iterator<PGPSignature> it = primary.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature signature = it.next();
      if (counts(signature, primary, primary, now, rejected)
          && verifies(signature, primary, s -> s.verifyCertification(primary))
          && (newest == null || BY_CREATION.compare(signature, newest) > 0)) {
        newest = signature;
      }
    }
    return newest;
  }

  private static boolean crossCertified(
      PGPSignature binding, PGPPublicKey primary, PGPPublicKey subkey, Instant now) {
    for (PGPSignatureSubpacketVector area :
        List.of(binding.getHashedSubPackets(), binding.getUnhashedSubPackets())) {
      PGPSignatureList embedded;
      try {
        embedded = area == null ? null : area.getEmbeddedSignatures();
      } catch (PGPException e) {
        continue; // a damaged embedded signature is no back signature
      }
      for (int i = 0; embedded != null && i < embedded.size(); i++) {
        PGPSignature back = embedded.get(i);
        if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
            && counts(back, subkey, subkey, now, new ArrayList<>())
            && verifies(back, subkey, s -> s.verifyCertification(primary, subkey))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Revocation revocation(PGPPublicKey primary, PGPPublicKey key, int type) {
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature signature = it.next();
      boolean valid =
          issuedBy(signature, primary)
              && verifies(
                  signature,
                  primary,
                  s ->
                      key == primary
                          ? s.verifyCertification(primary)
                          : s.verifyCertification(primary, key));
      if (valid) {
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        RevocationReason reason = hashed == null ? null : hashed.getRevocationReason();
        return new Revocation(
            signature.getCreationTime().toInstant(),
            reason == null ? "no reason given" : describe(reason));
      }
    }
    return null;
  }

  private static String describe(RevocationReason reason) {
    String kind =
        switch (reason.getRevocationReason()) {
          case 1 -> "key superseded";
          case 2 -> "key compromised";
          case 3 -> "key retired";
          default -> "no reason given";
        };
    String text = reason.getRevocationDescription();
    return text == null || text.isBlank() ? kind : kind + ": " + text.strip();
  }

  static boolean issuedBy(PGPSignature signature, PGPPublicKey key) {
    return signature.getKeyID() == key.getKeyID()
        || signature.hasKeyIdentifier(key.getKeyIdentifier());
  }

  private interface Check {
    boolean verify(PGPSignature signature) throws PGPException;
  }

  private static boolean verifies(PGPSignature signature, PGPPublicKey signer, Check check) {
    try {
      signature.init(VERIFIERS, signer);
      return check.verify(signature);
    } catch (PGPException | RuntimeException e) {
      return false; // an unsupported algorithm or a damaged packet: it does not count
    }
  }

  private static Long keyLifetime(PGPSignature signature) {
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    return hashed.hasSubpacket(SignatureSubpacketTags.KEY_EXPIRE_TIME)
        ? hashed.getKeyExpirationTime()
        : null;
  }

  private static Integer keyFlags(PGPSignature signature) {
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    return hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS) ? hashed.getKeyFlags() : null;
  }

  private static Instant expiry(PGPPublicKey key, Long lifetime) {
    return lifetime == null || lifetime == 0
        ? null
        : key.getCreationTime().toInstant().plus(Duration.ofSeconds(lifetime));
  }

  private static String unbound(String what, List<String> rejected) {
    return rejected.isEmpty()
        ? "it has no " + what
        : "no " + what + " counts (" + String.join("; ", new LinkedHashSet<>(rejected)) + ")";
  }
}
