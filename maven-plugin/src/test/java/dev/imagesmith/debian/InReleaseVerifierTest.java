package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InReleaseVerifierTest {
  private static final String RELEASE =
      "Origin: Test\nSuite: stable\nCodename: bookworm\n- a line starting with a dash\n"
          + "SHA256:\n "
          + "c".repeat(64)
          + " 123 main/binary-amd64/Packages.xz";

  private static TestKey signer;
  private static TestKey stranger;

  @TempDir Path temp;

  @BeforeAll
  static void keys() throws Exception {
    signer = TestKey.generate();
    stranger = TestKey.generate();
  }

  private InReleaseVerifier verifier() throws Exception {
    return InReleaseVerifier.load(signer.writeKeyring(temp.resolve("keyring.gpg")));
  }

  @Test
  void verify_goodSignature_returnsExactlyTheSignedText() throws Exception {
    InReleaseVerifier.Verified verified =
        verifier().verify(signer.clearSign(RELEASE), "http://repo/InRelease");
    assertEquals(RELEASE, verified.text());
    ReleaseFile release = ReleaseFile.parse(verified.text());
    assertEquals("bookworm", release.codename());
    assertEquals(123, release.files().get("main/binary-amd64/Packages.xz").size());
  }

  @Test
  void verify_alteredText_isABadSignature() throws Exception {
    String signed = new String(signer.clearSign(RELEASE), StandardCharsets.UTF_8);
    byte[] altered =
        signed.replace("c".repeat(64), "d".repeat(64)).getBytes(StandardCharsets.UTF_8);
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> verifier().verify(altered, "http://repo/InRelease"));
    assertTrue(e.getMessage().startsWith("http://repo/InRelease: the OpenPGP signature by key "));
    assertTrue(e.getMessage().contains("BAD signature"), e.getMessage());
  }

  @Test
  void verify_keyNotInKeyring_isRefused() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> verifier().verify(stranger.clearSign(RELEASE), "http://repo/InRelease"));
    assertTrue(e.getMessage().contains("no signature is by a key of the keyring"), e.getMessage());
  }

  @Test
  void verify_textOutsideTheSignedPart_isRefused() throws Exception {
    byte[] signed = signer.clearSign(RELEASE);
    byte[] appended =
        (new String(signed, StandardCharsets.UTF_8) + "SHA256:\n evil\n")
            .getBytes(StandardCharsets.UTF_8);
    assertThrows(UserInputException.class, () -> verifier().verify(appended, "x"));
    byte[] prepended =
        ("Suite: evil\n" + new String(signed, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    assertThrows(UserInputException.class, () -> verifier().verify(prepended, "x"));
  }

  @Test
  void verify_unsignedRelease_isRefused() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> verifier().verify(RELEASE.getBytes(StandardCharsets.UTF_8), "http://repo/x"));
    assertTrue(e.getMessage().contains("is not a valid cleartext-signed InRelease file"));
  }

  @Test
  void load_missingKeyring_saysWhatToInstall() {
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> InReleaseVerifier.load(temp.resolve("none.gpg")));
    assertTrue(e.getMessage().contains("debian-archive-keyring"), e.getMessage());
  }

  @Test
  void load_hostDebianKeyring_hasKeys() throws Exception {
    Path keyring = RepositorySettings.DEBIAN_ARCHIVE_KEYRING;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(keyring), "debian-archive-keyring is not installed");
    InReleaseVerifier.load(keyring); // parses the real binary keyring
  }
}
