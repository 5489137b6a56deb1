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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker {@code config.json} whose {@code auths} entry holds an {@code identitytoken} instead of
 * a password (what {@code docker login} stores for Azure ACR and some Harbor setups), against a
 * real docker-registry with {@code auth: token:}: the token is an OAuth2 refresh token, exchanged
 * at the realm with a form POST ({@code grant_type=refresh_token}), never sent as basic auth.
 */
class RegistryIdentityTokenTest {
  private static final String IDENTITY_TOKEN = "identity-refresh-token-8c2a41";

  @TempDir static Path shared;
  static TokenServer tokens;
  static RegistryServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    RegistryServer.assumeInstalled();
    tokens = TokenServer.start(shared.resolve("tokens"), "127.0.0.1");
    server = RegistryServer.startWithTokens(shared.resolve("registry"), tokens);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  @BeforeEach
  void freshTokenService() {
    tokens.reset();
    tokens.acceptRefreshToken(IDENTITY_TOKEN, "pull", "push");
  }

  /** The config docker login leaves: the user name "<token>" with no password, and the token. */
  private Path config(String identityToken) throws Exception {
    String auth = Base64.getEncoder().encodeToString("<token>:".getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("docker/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "{\"auths\":{\""
            + server.address()
            + "\":{\"auth\":\""
            + auth
            + "\",\"identitytoken\":\""
            + identityToken
            + "\"}}}");
    return config;
  }

  private RegistryOptions options(Path config, Lines log) {
    return new RegistryOptions(
        List.of(new DockerConfigCredentials(config, Map.of("PATH", ""), log)),
        Set.of(),
        null,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
        false);
  }

  @Test
  void identityToken_pushAndPull_exchangedWithTheRefreshTokenGrant() throws Exception {
    Lines log = new Lines();
    RegistryOptions options = options(config(IDENTITY_TOKEN), log);
    BuiltImage image =
        Images.image(Platform.LINUX_AMD64, Map.of(), Images.layer("id.txt", "identity"));
    Path layout = dir.resolve("oci");
    Digest digest = Images.layout(layout, image, "1");
    String ref = server.address() + "/team/identity:1";

    new RegistryPusher(new Registries(options, log), log).push(layout, digest, List.of(ref));
    SourceImage pulled =
        new RegistryPuller(new Registries(options, log), new BlobCache(dir.resolve("cache")), log)
            .pull(ref, Platform.LINUX_AMD64, "<from>");

    assertEquals(digest, pulled.manifestDescriptor().digest());
    assertFalse(tokens.requests.isEmpty());
    for (TokenServer.Request request : tokens.requests) {
      assertEquals("POST", request.method(), request.toString());
      assertEquals(200, request.status(), request.toString());
      assertFalse(request.basicAuth(), request.toString());
      assertEquals("refresh_token", request.parameter("grant_type"));
      assertEquals(IDENTITY_TOKEN, request.parameter("refresh_token"));
      assertEquals("imagesmith", request.parameter("client_id"));
      assertEquals(TokenServer.SERVICE, request.service());
    }
    assertTrue(
        tokens.requests.stream()
            .anyMatch(r -> r.scopes().equals(List.of("repository:team/identity:pull,push"))),
        tokens.requests.toString());
    assertTrue(
        tokens.requests.stream()
            .anyMatch(r -> r.scopes().equals(List.of("repository:team/identity:pull"))),
        tokens.requests.toString());
    // Neither in the registry's log (the token travelled in a POST body) nor in ours.
    assertFalse(String.join("\n", server.accessLog()).contains(IDENTITY_TOKEN));
    assertFalse(log.text().contains(IDENTITY_TOKEN), log.text());
  }

  @Test
  void identityToken_wrong_clearMessageWithoutTheToken() throws Exception {
    Lines log = new Lines();
    Path config = config("revoked-identity-token-0000");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new RegistryPuller(
                        new Registries(options(config, log), log),
                        new BlobCache(dir.resolve("cache")),
                        log)
                    .pull(server.address() + "/team/identity:1", Platform.LINUX_AMD64, "<from>"));

    assertEquals(
        "registry "
            + server.address()
            + ", repository team/identity: the token service "
            + tokens.address()
            + " refused the identity token from docker config "
            + config
            + " (auths/credHelpers/credsStore for '"
            + server.address()
            + "') (HTTP 400: {\"error\":\"invalid_grant\"}). It has expired or was revoked: run"
            + " docker login "
            + server.address()
            + " again",
        e.getMessage());
    assertEquals(1, tokens.requests.size(), tokens.requests.toString());
    assertEquals(400, tokens.requests.get(0).status());
    assertFalse(log.text().contains("revoked-identity-token"), log.text());
  }
}
