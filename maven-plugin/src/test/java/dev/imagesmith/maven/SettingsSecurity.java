package dev.imagesmith.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * Maven's settings-security.xml for a test, through the system property {@code settings.security}:
 * kept before each test and restored after it, so that the user's {@code ~/.m2} is never read. A
 * {@code @RegisterExtension} field of the tests that decrypt settings.xml passwords.
 */
final class SettingsSecurity implements BeforeEachCallback, AfterEachCallback {
  static final String PROPERTY = "settings.security";

  /** The master password of every test's settings-security.xml. */
  static final String MASTER = "master-of-this-test";

  private String saved;

  @Override
  public void beforeEach(ExtensionContext context) {
    saved = System.getProperty(PROPERTY);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (saved == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, saved);
    }
  }

  /** A settings-security.xml in {@code dir} with the encrypted {@link #MASTER}, made active. */
  void masterPassword(Path dir) throws Exception {
    String encryptedMaster = new DefaultPlexusCipher().encryptAndDecorate(MASTER, PROPERTY);
    Path security = dir.resolve("settings-security.xml");
    Files.writeString(
        security, "<settingsSecurity><master>" + encryptedMaster + "</master></settingsSecurity>");
    System.setProperty(PROPERTY, security.toString());
  }

  /** No settings-security.xml: as on a CI machine without one, Maven cannot decrypt. */
  void absent(Path dir) {
    System.setProperty(PROPERTY, dir.resolve("absent.xml").toString());
  }
}
