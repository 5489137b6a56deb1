package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker {@code config.json} whose {@code auths} entry holds an {@code identitytoken} instead of
 * a password (what {@code docker login} stores for Azure ACR and some Harbor setups), against a
 * real docker-registry with {@code auth: token:}: the token is an OAuth2 refresh token, exchanged
 * at the realm with a form POST ({@code grant_type=refresh_token}), never sent as basic auth.
 */
class RegistryIdentityTokenTest {
  private static final String IDENTITY_TOKEN = "identity-refresh-token-8c2a41";

  @RegisterExtension
  static final RegistryFixture registry =
      RegistryFixture.withTokens(
          tokens -> tokens.acceptRefreshToken(IDENTITY_TOKEN, "pull", "push"));

  @TempDir Path dir;

  /** The config docker login leaves: the user name "<token>" with no password, and the token. */
  private Path config(String identityToken) throws Exception {
    String auth = Base64.getEncoder().encodeToString("<token>:".getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("docker/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "{\"auths\":{\""
            + registry.address()
            + "\":{\"auth\":\""
            + auth
            + "\",\"identitytoken\":\""
            + identityToken
            + "\"}}}");
    return config;
  }

  private RegistryOptions options(Path config, LogLines log) {
    return TestClients.quickRetries(
        List.of(new DockerConfigCredentials(config, Map.of("PATH", ""), log)));
  }

  @Test
  void identityToken_pushAndPull_exchangedWithTheRefreshTokenGrant() throws Exception {
    LogLines log = new LogLines();
    RegistryOptions options = options(config(IDENTITY_TOKEN), log);
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("id.txt", "identity"));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    String ref = registry.address() + "/team/identity:1";

    TestClients.push(options, log, layout, digest, ref);
    SourceImage pulled = TestClients.pull(options, log, dir.resolve("cache"), ref);

    assertEquals(digest, pulled.manifestDescriptor().digest());
    assertFalse(registry.tokens().requests.isEmpty());
    for (TokenServer.Request request : registry.tokens().requests) {
      assertEquals("POST", request.method(), request.toString());
      assertEquals(200, request.status(), request.toString());
      assertFalse(request.basicAuth(), request.toString());
      assertEquals("refresh_token", request.parameter("grant_type"));
      assertEquals(IDENTITY_TOKEN, request.parameter("refresh_token"));
      assertEquals("imagesmith", request.parameter("client_id"));
      assertEquals(TokenServer.SERVICE, request.service());
    }
    assertTrue(
        registry.tokens().requests.stream()
            .anyMatch(r -> r.scopes().equals(List.of("repository:team/identity:pull,push"))),
        registry.tokens().requests.toString());
    assertTrue(
        registry.tokens().requests.stream()
            .anyMatch(r -> r.scopes().equals(List.of("repository:team/identity:pull"))),
        registry.tokens().requests.toString());
    // Neither in the registry's log (the token travelled in a POST body) nor in ours.
    assertFalse(String.join("\n", registry.server().accessLog()).contains(IDENTITY_TOKEN));
    assertFalse(log.text().contains(IDENTITY_TOKEN), log.text());
  }

  @Test
  void identityToken_wrong_clearMessageWithoutTheToken() throws Exception {
    LogLines log = new LogLines();
    Path config = config("revoked-identity-token-0000");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                TestClients.pull(
                    options(config, log),
                    log,
                    dir.resolve("cache"),
                    registry.address() + "/team/identity:1"));

    assertEquals(
        "registry "
            + registry.address()
            + ", repository team/identity: the token service "
            + registry.tokens().address()
            + " refused the identity token from docker config "
            + config
            + " (auths/credHelpers/credsStore for '"
            + registry.address()
            + "') (HTTP 400: {\"error\":\"invalid_grant\"}). It has expired or was revoked: run"
            + " docker login "
            + registry.address()
            + " again",
        e.getMessage());
    assertEquals(1, registry.tokens().requests.size(), registry.tokens().requests.toString());
    assertEquals(400, registry.tokens().requests.get(0).status());
    assertFalse(log.text().contains("revoked-identity-token"), log.text());
  }
}
