package dev.imagesmith.debian;

import java.time.Instant;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * Whether the key that made a signature could make it: at the signature's creation time and now,
 * the key (and, for a subkey, its primary key) must be bound by a self-signature that counts,
 * unrevoked, unexpired, allowed to sign, and no younger than the signature ({@link PublicKeyPolicy}
 * judges its algorithm).
 *
 * <p>apt 2 (gpgv) judges expiry and revocation now: a signature by a key that has expired since is
 * {@code EXPKEYSIG}, by a revoked key {@code REVKEYSIG}, and both count as invalid; it runs gpgv
 * with {@code --ignore-time-conflict}, so a signature older than its key passes there. apt 3
 * (Sequoia) judges at the signature's creation time: the key must exist and be live then, and be
 * able to sign. Both refuse a subkey without a valid binding or back signature, and a key whose
 * flags forbid signing; apt 3 also refuses a key without key flags. This class refuses what either
 * refuses.
 */
final class SigningKeyPolicy {
  private SigningKeyPolicy() {}

  /**
   * Why {@code key} could not make a signature at {@code made}, or null if it could.
   *
   * @param primary the primary key of {@code key}'s certificate (the key itself if it is primary)
   * @param keyring named in how to fix
   * @param now the build's clock
   */
  static SignatureFault judge(
      PGPPublicKey primary, PGPPublicKey key, Instant made, Instant now, String keyring) {
    KeyBindings.Status primaryStatus = KeyBindings.primary(primary, now);
    String subject = key == primary ? "a key that" : "a subkey whose primary key";
    SignatureFault fault = judge(subject, primaryStatus, made, now, keyring);
    if (fault != null) {
      return fault;
    }
    KeyBindings.Status status = primaryStatus;
    if (key != primary) {
      status = KeyBindings.subkey(primary, key, now);
      fault = judge("a subkey that", status, made, now, keyring);
      if (fault != null) {
        return fault;
      }
    }
    if (!status.maySign()) {
      return new SignatureFault(
          status.flags() == null
              ? "was made by a key whose self-signature has no key flags, so it never said the"
                  + " key may sign"
              : "was made by a key whose key flags do not allow signing (they allow "
                  + flagNames(status.flags())
                  + ")",
          status.flags() == null ? "apt 3: key is not signing capable" : "apt: ERRSIG",
          "The repository signs with the wrong key or subkey; its owner must sign with one"
              + " whose self-signature allows signing (key flag 0x02)");
    }
    for (PGPPublicKey creator :
        key == primary ? new PGPPublicKey[] {key} : new PGPPublicKey[] {primary, key}) {
      Instant created = creator.getCreationTime().toInstant();
      if (made.isBefore(created)) {
        return new SignatureFault(
            "is dated "
                + ReleaseDates.SHOWN.format(made)
                + ", before "
                + (creator == primary ? "its key" : "its subkey")
                + " was created ("
                + ReleaseDates.SHOWN.format(created)
                + "): a key cannot sign before it exists",
            "apt 3: no binding signature at time " + ReleaseDates.SHOWN.format(made),
            "The signer's clock was wrong, or the signature is forged; the repository's owner"
                + " must sign again with a correct clock");
      }
    }
    return null;
  }

  /**
   * Revocation, expiry and binding of one key.
   *
   * @param subject who the verbs are about: {@code "a key that"}, {@code "a subkey whose primary
   *     key"}
   */
  private static SignatureFault judge(
      String subject, KeyBindings.Status status, Instant made, Instant now, String keyring) {
    if (status.unbound() != null) {
      return new SignatureFault(
          "was made by " + subject + " is not bound in the keyring: " + status.unbound(),
          "apt: ERRSIG; apt 3: not bound",
          "The keyring "
              + keyring
              + " holds an incomplete or damaged copy of the key: install it again (for Debian:"
              + " apt-get install --reinstall debian-archive-keyring) or fetch the repository's"
              + " key again");
    }
    if (status.revocation() != null) {
      return new SignatureFault(
          "was made by "
              + subject
              + " was revoked on "
              + ReleaseDates.SHOWN.format(status.revocation().made())
              + " ("
              + status.revocation().reason()
              + ")",
          "apt: REVKEYSIG",
          "Do not trust this signature. Update the keyring "
              + keyring
              + " to the repository's current key (for Debian: upgrade debian-archive-keyring);"
              + " if the repository still signs with the revoked key, stop using it");
    }
    Instant expires = status.expires();
    if (expires != null && (!now.isBefore(expires) || !made.isBefore(expires))) {
      return new SignatureFault(
          "was made by "
              + subject
              + " expired on "
              + ReleaseDates.SHOWN.format(expires)
              + (made.isBefore(expires)
                  ? " (after the signature was made, but apt refuses signatures by expired keys)"
                  : ""),
          "apt: EXPKEYSIG",
          "If the key's owner has extended it, update the keyring "
              + keyring
              + " (for Debian: upgrade debian-archive-keyring; for another repository: fetch its"
              + " current key); otherwise the repository no longer signs with a valid key");
    }
    return null;
  }

  private static String flagNames(int flags) {
    StringBuilder names = new StringBuilder();
    String[] known = {"certify", "sign", "encrypt communications", "encrypt storage"};
    for (int bit = 0; bit < known.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        names.append(names.length() == 0 ? "" : ", ").append(known[bit]);
      }
    }
    return names.length() == 0 ? "nothing" : names.toString();
  }
}
