package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * G17: the real Debian archive keyring (package debian-archive-keyring) verifies real InRelease
 * files, signed by the archive's subkeys, as apt does; and the same files are refused, naming the
 * Debian key and the keyring package, once the keys have expired. The InRelease files are those the
 * host's apt keeps in {@code /var/lib/apt/lists}, else one fetched from the host's first apt
 * source.
 */
class DebianArchiveSignatureTest {
  private static final Path KEYRING = RepositorySettings.DEBIAN_ARCHIVE_KEYRING;
  private static final Path APT_LISTS = Path.of("/var/lib/apt/lists");

  @TempDir static Path temp;

  private static List<Path> inReleases;

  @BeforeAll
  static void realInReleases() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(KEYRING),
        "debian-archive-keyring is not installed (scripts/install-deps installs it)");
    inReleases = new ArrayList<>();
    if (Files.isDirectory(APT_LISTS)) {
      try (Stream<Path> files = Files.list(APT_LISTS)) {
        files
            .filter(f -> f.getFileName().toString().endsWith("_InRelease"))
            .filter(f -> f.getFileName().toString().contains("debian"))
            .sorted()
            .forEach(inReleases::add);
      }
    }
    if (inReleases.isEmpty()) {
      inReleases.add(fetchOne());
    }
  }

  private static Path fetchOne() throws IOException {
    List<AptSource> sources = AptSources.read(Path.of("/etc/apt"));
    Assumptions.assumeFalse(
        sources.isEmpty(), "no InRelease in /var/lib/apt/lists and no apt source to fetch one");
    AptSource source = sources.get(0);
    URI url =
        RepositoryClient.resolve(source.uri(), "dists/" + source.suites().get(0) + "/InRelease");
    try (InputStream in = new RepositoryClient().open(url)) {
      return Files.write(temp.resolve("InRelease"), in.readNBytes(64 << 20));
    }
  }

  @Test
  void G17_realInRelease_verifiedByTheArchiveSubkeys_asAptDoes() throws Exception {
    InReleaseVerifier verifier = InReleaseVerifier.load(KEYRING);
    for (Path file : inReleases) {
      InReleaseVerifier.Verified verified =
          verifier.verify(Files.readAllBytes(file), file.toString());
      assertTrue(verified.text().contains("\nSHA256:\n"), file.toString());
      assertEquals(List.of(), verified.warnings(), file.toString());
      assertEquals(40, verified.signer().length(), verified.signer());
      if (AptGpgvMethod.unavailable().isEmpty()) {
        AptGpgvMethod.Verdict apt = AptGpgvMethod.check(file, KEYRING);
        assertTrue(apt.accepted(), file + ": " + apt.message());
      }
    }
  }

  @Test
  void G17_realInRelease_afterTheArchiveKeysExpire_isRefusedNamingTheKeyring() throws Exception {
    InReleaseVerifier verifier = InReleaseVerifier.load(KEYRING);
    Instant farFuture = Instant.parse("2045-01-01T00:00:00Z");
    Path file = inReleases.get(0);
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> verifier.verify(Files.readAllBytes(file), file.toString(), farFuture));
    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": no signature on it is one apt accepts"), message);
    assertTrue(message.contains("The signature by subkey "), message);
    assertTrue(message.contains("expired on 20"), message);
    assertTrue(message.contains("(apt: EXPKEYSIG)"), message);
    assertTrue(message.contains("upgrade debian-archive-keyring"), message);
    assertTrue(message.contains(KEYRING.toString()), message);
    assertFalse(message.contains("\n"), message);
  }
}
