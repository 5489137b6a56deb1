package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * {@code image:push} with the credentials a Maven user really has (security-cases.md N19), against
 * a real htpasswd docker-registry: a {@code settings.xml <server>} password encrypted with Maven's
 * master-password scheme, decrypted by the {@code SettingsDecrypter} Maven injects (the encrypted
 * strings are made here with plexus-cipher, as {@code mvn --encrypt-master-password} and {@code
 * --encrypt-password} make them), and POM {@code <auth>} values from {@code ${env.X}}. Maven finds
 * settings-security.xml through the system property {@code settings.security}; the test sets it to
 * its own file and restores it, so the user's {@code ~/.m2} is never read.
 */
@MojoTest
class PushMojoCredentialsTest extends HarnessTestBase {
  private static final String CONTRACT = "/projects/contract";
  private static final String AUTH = "/projects/registry-auth";
  private static final String AUTH_UNSET = "/projects/registry-auth-unset";
  private static final String MASTER = SettingsSecurity.MASTER;

  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @RegisterExtension final SettingsSecurity security = new SettingsSecurity();
  @TempDir Path dir;
  private final CapturingLog log = new CapturingLog();

  @BeforeEach
  void environmentForAuthPom() {
    // Maven puts the environment into the session's system properties as env.NAME.
    session.getSystemProperties().setProperty("env.IMAGESMITH_TEST_USER", RegistryServer.USER);
    session.getSystemProperties().setProperty("env.IMAGESMITH_TEST_TOKEN", RegistryServer.PASSWORD);
  }

  private static Settings serverWithPassword(String password) {
    Server entry = new Server();
    entry.setId(registry.address());
    entry.setUsername(RegistryServer.USER);
    entry.setPassword(password);
    Settings settings = new Settings();
    settings.addServer(entry);
    return settings;
  }

  /** The mojo set up to push a small built image to the test registry as {@code repository}. */
  private PushMojo prepared(PushMojo mojo, Settings settings, String repository) throws Exception {
    Path output = dir.resolve("image");
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("secret.txt", repository));
    Digest digest = TestImages.layout(output.resolve("oci"), image, "1");
    Files.writeString(output.resolve("digest"), digest.toString());
    MojoExtension.setVariableValueToObject(mojo, "outputDirectory", output.toFile());
    MojoExtension.setVariableValueToObject(
        mojo, "toImage", registry.address() + "/" + repository + ":1");
    MojoExtension.setVariableValueToObject(mojo, "tags", "");
    if (settings != null) {
      MojoExtension.setVariableValueToObject(mojo, "settings", settings);
    }
    mojo.setLog(log);
    return mojo;
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void N19_encryptedSettingsPassword_isDecryptedByMavenAndPushes(PushMojo mojo) throws Exception {
    security.masterPassword(dir);
    String encrypted =
        new DefaultPlexusCipher().encryptAndDecorate(RegistryServer.PASSWORD, MASTER);

    prepared(mojo, serverWithPassword(encrypted), "team/encrypted").execute();

    assertTrue(Files.isRegularFile(dir.resolve("image/pushed.json")));
    assertTrue(
        log.text().contains("settings.xml <server> with <id>" + registry.address() + "</id>"),
        log.text());
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
    assertFalse(log.text().contains(encrypted), log.text());
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void N19_encryptedPasswordWithoutSettingsSecurity_failsNamingServerAndSendsNothing(PushMojo mojo)
      throws Exception {
    // The CI machine without ~/.m2/settings-security.xml: Maven cannot decrypt.
    security.absent(dir);
    String encrypted =
        new DefaultPlexusCipher().encryptAndDecorate(RegistryServer.PASSWORD, MASTER);
    PushMojo ready = prepared(mojo, serverWithPassword(encrypted), "team/undecrypted");
    int before = registry.server().accessLog().size();

    MojoFailureException e = assertThrows(MojoFailureException.class, ready::execute);

    assertTrue(
        e.getMessage()
            .startsWith(
                "settings.xml <server> with <id>"
                    + registry.address()
                    + "</id>: the password could not be decrypted"),
        e.getMessage());
    assertTrue(e.getMessage().contains("settings-security.xml"), e.getMessage());
    assertFalse(e.getMessage().contains(encrypted), e.getMessage());
    // Not one request: the ciphertext (or anything else) never went to the registry.
    assertEquals(List.of(), registry.server().accessLogSince(before));
    assertFalse(log.text().contains(encrypted), log.text());
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void N19_garbledCiphertext_failsNamingServerAndSendsNothing(PushMojo mojo) throws Exception {
    security.masterPassword(dir);
    String garbled = "{c2hvcnQ=}";
    PushMojo ready = prepared(mojo, serverWithPassword(garbled), "team/garbled");
    int before = registry.server().accessLog().size();

    MojoFailureException e = assertThrows(MojoFailureException.class, ready::execute);

    assertTrue(
        e.getMessage()
            .startsWith(
                "settings.xml <server> with <id>"
                    + registry.address()
                    + "</id>: the password could not be decrypted"),
        e.getMessage());
    assertEquals(List.of(), registry.server().accessLogSince(before));
    assertFalse(log.text().contains(garbled), log.text());
  }

  @Test
  @Basedir(AUTH)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void N19_pomAuthFromEnvironment_pushesAndNeverLogsThePassword(PushMojo mojo) throws Exception {
    prepared(mojo, null, "team/from-env").execute();

    assertTrue(Files.isRegularFile(dir.resolve("image/pushed.json")));
    assertTrue(log.text().contains("the POM's <auth>"), log.text());
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
  }

  @Test
  @Basedir(AUTH_UNSET)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void N19_pomAuthWithUnsetEnvironmentVariable_failsBeforeAnyRequest(PushMojo mojo)
      throws Exception {
    PushMojo ready = prepared(mojo, null, "team/unset-env");
    int before = registry.server().accessLog().size();

    MojoFailureException e = assertThrows(MojoFailureException.class, ready::execute);

    assertEquals(
        "<auth>/<password> is empty for user 'builder' (an ${env.NAME} whose variable is not set"
            + " is empty): set it, best by naming the environment variable that holds it, which"
            + " keeps it out of mvn -X: <passwordEnv>REGISTRY_TOKEN</passwordEnv>",
        e.getMessage());
    assertEquals(List.of(), registry.server().accessLogSince(before));
  }

  /** Every line Maven's log would print, at every level (as under {@code mvn -X}). */
  static final class CapturingLog extends SystemStreamLog {
    private final List<String> lines = new ArrayList<>();

    String text() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    private void add(String level, CharSequence message, Throwable error) {
      synchronized (lines) {
        lines.add(level + " " + message + (error == null ? "" : " " + error));
      }
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public void debug(CharSequence message) {
      add("DEBUG", message, null);
    }

    @Override
    public void debug(CharSequence message, Throwable error) {
      add("DEBUG", message, error);
    }

    @Override
    public void info(CharSequence message) {
      add("INFO", message, null);
    }

    @Override
    public void info(CharSequence message, Throwable error) {
      add("INFO", message, error);
    }

    @Override
    public void warn(CharSequence message) {
      add("WARN", message, null);
    }

    @Override
    public void warn(CharSequence message, Throwable error) {
      add("WARN", message, error);
    }

    @Override
    public void error(CharSequence message) {
      add("ERROR", message, null);
    }

    @Override
    public void error(CharSequence message, Throwable error) {
      add("ERROR", message, error);
    }
  }
}
