package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.nio.file.Path;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/**
 * The provenance publishes the configuration's digest with the image: it names the configuration,
 * the same wherever the project is checked out, and gives no handle on a secret in it (a digest of
 * a POM whose only unknown is a password lets anyone try passwords offline).
 */
class ConfigurationDigestTest {
  private static final Path BASEDIR = Path.of("/home/ci/work/app");

  private static String digest(String configuration, Path basedir) throws Exception {
    Xpp3Dom dom = Xpp3DomBuilder.build(new StringReader(configuration));
    return ConfigurationDigest.of(dom, basedir);
  }

  private static String config(String password, String url, String command) {
    return "<configuration>"
        + "<auth><username>builder</username><password>"
        + password
        + "</password></auth>"
        + "<stages><stage><name>b</name><steps>"
        + "<download><url>"
        + url
        + "</url><sha256>"
        + "ab".repeat(32)
        + "</sha256></download>"
        + "<copy><source>"
        + BASEDIR
        + "/src</source></copy>"
        + "<run><command>"
        + command
        + "</command></run>"
        + "</steps></stage></stages>"
        + "</configuration>";
  }

  @Test
  void aPasswordInAuth_doesNotReachTheDigest() throws Exception {
    String url = "https://dl.example.org/x.tar.gz";
    assertEquals(
        digest(config("hunter2", url, "make"), BASEDIR),
        digest(config("correct horse battery staple", url, "make"), BASEDIR));
    assertEquals(
        digest(config("hunter2", url, "make"), BASEDIR),
        digest(config("***", url, "make"), BASEDIR),
        "the secret is hashed as the mask");
  }

  @Test
  void aSignedDownloadUrl_isHashedWithItsSignatureMasked() throws Exception {
    assertEquals(
        digest(
            config("p", "https://dl.example.org/x.tar.gz?X-Amz-Signature=0123abcd", "make"),
            BASEDIR),
        digest(
            config("p", "https://dl.example.org/x.tar.gz?X-Amz-Signature=fedc9876", "make"),
            BASEDIR));
    assertEquals(
        digest(config("p", "https://user:pw1@dl.example.org/x.tar.gz", "make"), BASEDIR),
        digest(config("p", "https://user:pw2@dl.example.org/x.tar.gz", "make"), BASEDIR));
  }

  @Test
  void everythingElse_changesTheDigest() throws Exception {
    String url = "https://dl.example.org/x.tar.gz";
    String digest = digest(config("p", url, "make"), BASEDIR);
    assertNotEquals(digest, digest(config("p", url, "make install"), BASEDIR));
    assertNotEquals(
        digest, digest(config("p", "https://dl.example.org/y.tar.gz", "make"), BASEDIR));
    assertNotEquals(
        digest, digest(config("p", "https://dl.example.org/x.tar.gz?v=2", "make"), BASEDIR));
  }

  @Test
  void theProjectDirectory_isNamedRelative() throws Exception {
    String here = config("p", "https://dl.example.org/x.tar.gz", "make");
    String elsewhere = here.replace(BASEDIR.toString(), "/tmp/other/app");
    assertEquals(digest(here, BASEDIR), digest(elsewhere, Path.of("/tmp/other/app")));
    assertNull(ConfigurationDigest.of(null, BASEDIR));
  }
}
