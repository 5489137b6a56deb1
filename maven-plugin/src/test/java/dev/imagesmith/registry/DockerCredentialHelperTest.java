package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker {@code config.json} credential helpers (security-cases.md N19) against a real htpasswd
 * docker-registry. Each test writes its own config and a fake {@code docker-credential-NAME} shell
 * script into a temporary directory and hands the source a {@code PATH} with that directory: the
 * user's home, real config and real helpers are never touched.
 */
class DockerCredentialHelperTest {
  private static final String HELPER = "imagesmith-test";

  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @TempDir Path dir;

  /** A helper that records the server it was asked for and answers with {@code body}. */
  private Path helper(String body) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("docker-credential-" + HELPER);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || { echo \"unexpected command $1\" >&2; exit 9; }\n"
            + "server=$(cat)\n"
            + "printf '%s' \"$server\" > \""
            + dir.resolve("asked")
            + "\"\n"
            + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Answers the registry's credentials for exactly {@code server}, "not found" otherwise. */
  private Path goodHelper() throws Exception {
    return helper(
        "if [ \"$server\" = \""
            + registry.address()
            + "\" ]; then\n"
            + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$server\" '"
            + RegistryServer.USER
            + "' '"
            + RegistryServer.PASSWORD
            + "'\n"
            + "  exit 0\n"
            + "fi\n"
            + "echo 'credentials not found in native keychain'\n"
            + "exit 1\n");
  }

  private Path config(String json) throws Exception {
    Path config = dir.resolve("docker/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, json);
    return config;
  }

  /** A config that sends the registry to the test's helper ({@code credHelpers}). */
  private Path credHelpersConfig() throws Exception {
    return config("{\"credHelpers\":{\"" + registry.address() + "\":\"" + HELPER + "\"}}");
  }

  private static Map<String, String> path(Path bin) {
    return Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  private PushResult push(CredentialSource source, LogLines log, String repository)
      throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("helped.txt", repository));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    return TestClients.push(
        TestClients.quickRetries(List.of(source)),
        log,
        layout,
        digest,
        registry.address() + "/" + repository + ":1");
  }

  /** The error of a push whose credentials come from {@code config} with helpers in {@code bin}. */
  private UserInputException refusedPush(Path config, Path bin, LogLines log, String repository) {
    return assertThrows(
        UserInputException.class,
        () -> push(new DockerConfigCredentials(config, path(bin), log), log, repository));
  }

  @Test
  void N19_credHelpers_helperOnGivenPathSuppliesThePassword() throws Exception {
    Path bin = goodHelper();
    Path config = credHelpersConfig();
    LogLines log = new LogLines();

    PushResult result =
        push(new DockerConfigCredentials(config, path(bin), log), log, "team/helped");

    assertEquals(1, result.references().size());
    assertEquals(registry.address(), Files.readString(dir.resolve("asked")));
    assertTrue(log.text().contains("docker config " + config), log.text());
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
  }

  @Test
  void N19_credsStore_helperSuppliesThePassword() throws Exception {
    Path bin = goodHelper();
    // An empty auths entry is what docker login leaves beside a credsStore.
    Path config =
        config("{\"auths\":{\"" + registry.address() + "\":{}},\"credsStore\":\"" + HELPER + "\"}");
    LogLines log = new LogLines();

    PushResult result =
        push(new DockerConfigCredentials(config, path(bin), log), log, "team/stored");

    assertEquals(1, result.references().size());
    assertEquals(registry.address(), Files.readString(dir.resolve("asked")));
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
  }

  @Test
  void N19_failingHelper_endsTheBuildNamingItBeforeAnyRequest() throws Exception {
    Path bin = helper("echo 'error: the keychain is locked' >&2\nexit 3\n");
    Path config = credHelpersConfig();
    LogLines log = new LogLines();
    int before = registry.server().accessLog().size();

    UserInputException e = refusedPush(config, bin, log, "team/locked");

    assertEquals(
        "docker credential helper '"
            + HELPER
            + "' (credHelpers of "
            + config
            + "): '"
            + bin.resolve("docker-credential-" + HELPER)
            + " get' for "
            + registry.address()
            + " exited with code 3: error: the keychain is locked. Run 'echo "
            + registry.address()
            + " | docker-credential-"
            + HELPER
            + " get' to see the problem, log in again (docker login), or remove the entry",
        e.getMessage());
    assertEquals(List.of(), registry.server().accessLogSince(before));
  }

  @Test
  void N19_helperPrintingGarbage_errorDoesNotQuoteIt() throws Exception {
    // A helper that succeeds prints the secret; even when the rest is garbage it is not repeated.
    Path bin = helper("echo 'Secret: " + RegistryServer.PASSWORD + " (not json)'\nexit 0\n");
    Path config = credHelpersConfig();
    LogLines log = new LogLines();

    UserInputException e = refusedPush(config, bin, log, "team/garbage");

    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    assertFalse(e.getMessage().contains(RegistryServer.PASSWORD), e.getMessage());
    assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
  }

  @Test
  void N19_credHelperNotOnPath_isAnError() throws Exception {
    Path config = credHelpersConfig();
    LogLines log = new LogLines();

    UserInputException e = refusedPush(config, dir.resolve("empty"), log, "team/missing");

    assertTrue(
        e.getMessage().contains("docker-credential-" + HELPER + " is not on the PATH"),
        e.getMessage());
    assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
  }

  @Test
  void N19_credsStoreNotOnPath_warnsAndGoesOnWithout() throws Exception {
    Path config = config("{\"credsStore\":\"" + HELPER + "\"}");
    LogLines log = new LogLines();

    UserInputException e = refusedPush(config, dir.resolve("empty"), log, "team/anonymous");

    // Without credentials the registry's 401 ends the push, naming where we looked.
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(log.text().contains("WARN docker config " + config), log.text());
    assertTrue(log.text().contains("going on without its credentials"), log.text());
  }

  @Test
  void identityTokenFromHelper_basicAuthRegistry_refusedWithoutSendingIt() throws Exception {
    // "<token>" as the user name marks the secret as an identity token (docker CLI convention).
    String token = "helper-identity-token-5d1e";
    Path bin =
        helper(
            "printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\""
                + token
                + "\"}\\n' \"$server\"\nexit 0\n");
    Path config = credHelpersConfig();
    LogLines log = new LogLines();

    UserInputException e = refusedPush(config, bin, log, "team/idtoken");

    assertTrue(
        e.getMessage()
            .startsWith(
                "registry "
                    + registry.address()
                    + " asks for a user name and password (basic auth), but docker config "
                    + config),
        e.getMessage());
    assertTrue(e.getMessage().contains("holds an identity token"), e.getMessage());
    assertFalse(e.getMessage().contains(token), e.getMessage());
    assertFalse(log.text().contains(token), log.text());
  }

  @Test
  void S10_failingHelperPrintingItsSecret_errorMasksIt() throws Exception {
    // A broken helper that prints the answer and then fails: its output is quoted, its secret not.
    Path bin =
        helper(
            "printf '{\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' '"
                + RegistryServer.USER
                + "' '"
                + RegistryServer.PASSWORD
                + "'\nexit 2\n");
    Path config = credHelpersConfig();
    LogLines log = new LogLines();

    UserInputException e = refusedPush(config, bin, log, "team/broken");

    assertTrue(
        e.getMessage()
            .contains("exited with code 2: {\"Username\":\"builder\",\"Secret\":\"***\"}"),
        e.getMessage());
    assertFalse(e.getMessage().contains(RegistryServer.PASSWORD), e.getMessage());
  }
}
