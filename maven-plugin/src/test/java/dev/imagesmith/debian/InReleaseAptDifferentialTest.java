package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.error.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * G16: the verifier's verdict on every InRelease of {@link SignatureFixtures} is apt's verdict. The
 * oracle is apt's own gpgv method on this host ({@link AptGpgvMethod}: apt 2 and gpgv, Debian 12).
 * Where apt 3 refuses what apt 2 accepts, the verifier refuses too, and this test checks that
 * Sequoia's {@code sqv} (apt 3's verifier) refuses as well; each such fixture is listed below with
 * the reason, as are the two places where the verifier knowingly differs from apt 2.
 */
class InReleaseAptDifferentialTest {
  /**
   * Fixtures Debian 12's apt accepts but apt 3 refuses, so the verifier refuses them; sqv must
   * refuse them too (apt's gpgv method is not asked: a newer one may refuse some as well).
   */
  private static final Map<String, String> APT3_REFUSES =
      Map.of(
          "primary_without_key_flags", "no key flags: Sequoia sees no signing capability",
          "self_signature_sha1", "SHA-1 self-signature made after 2026-02-01",
          "signed_before_key", "apt 2 runs gpgv with --ignore-time-conflict",
          "signed_in_future", "apt 2 does not compare signature times with the clock",
          "creation_time_unhashed", "Sequoia: missing a Signature Creation Time subpacket",
          "v3_signature", "version 3 signature made after 2026-02-01",
          "rsa1024", "apt 2.7.13 and later refuse it too (--assert-pubkey-algo)",
          "dsa1024", "apt 2.7.13 and later refuse it too (--assert-pubkey-algo)");

  /** Where the verifier's verdict knowingly differs from apt 2's, and why. */
  private static final Map<String, String> KNOWN_DIFFERENCES =
      Map.of(
          "sha224",
          "refused: apt 3's policy file (default-sequoia.config) stops SHA-224 from 2026-02-01;"
              + " the sqv of Debian 12 has no policy file and accepts it, as apt 2 does",
          "strong_then_weak_same_key",
          "accepted, as apt 3 (sqv) does: apt 2's gpgv method drops every good signature of a"
              + " key once it sees a weak one by that key, so its verdict depends on the order");

  @TempDir Path temp;

  @Test
  void G16_everyFixture_sameVerdictAsApt() throws Exception {
    Optional<String> missing = AptGpgvMethod.unavailable();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "apt's gpgv method cannot run: " + missing);
    boolean sqv = SqvCheck.unavailable().isEmpty();
    if (!sqv) {
      System.out.println("InReleaseAptDifferentialTest: " + SqvCheck.unavailable().get());
    }
    List<String> differences = new ArrayList<>();
    for (SignatureFixtures.Fixture fixture : SignatureFixtures.all()) {
      Path directory = Files.createDirectories(temp.resolve(fixture.name()));
      Path inRelease = Files.write(directory.resolve("InRelease"), fixture.inRelease());
      Path keyring = fixture.writeKeyring(directory.resolve("keyring.gpg"));
      boolean ours = accepts(keyring, fixture.inRelease());
      AptGpgvMethod.Verdict apt = AptGpgvMethod.check(inRelease, keyring);
      String name = fixture.name();
      if (KNOWN_DIFFERENCES.containsKey(name)) {
        if (ours == apt.accepted()) { // a newer apt than Debian 12's: the note is out of date
          System.out.println("InReleaseAptDifferentialTest: apt now agrees on " + name);
        }
        continue;
      }
      if (APT3_REFUSES.containsKey(name)) {
        if (ours) {
          differences.add(name + ": we accept what apt 3 refuses");
        }
        if (sqv && SqvCheck.check(inRelease, keyring, directory).accepted()) {
          differences.add(name + ": sqv accepts what we refuse as apt 3 does");
        }
      } else if (ours != apt.accepted()) {
        differences.add(
            name + ": we " + (ours ? "accept" : "refuse") + ", apt says '" + apt.message() + "'");
      }
    }
    assertEquals(List.of(), differences, String.join("\n", differences));
  }

  private static boolean accepts(Path keyring, byte[] inRelease) throws Exception {
    try {
      InReleaseVerifier.load(keyring).verify(inRelease, "http://repo/InRelease");
      return true;
    } catch (UserInputException e) {
      return false;
    }
  }
}
