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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow against a real docker-registry with {@code auth: token:}: 401 with a Bearer
 * challenge, a token from the realm (basic credentials or anonymous), the request again with {@code
 * Authorization: Bearer}. The {@link TokenServer} records what the client asked for.
 */
class RegistryTokenAuthTest {
  private static final String POM_AUTH = "POM <auth>";

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
  }

  private static RegistryOptions options(String password) {
    List<CredentialSource> sources =
        password == null
            ? List.of()
            : List.of(
                CredentialSource.fixed(
                    server.address(),
                    new RegistryCredential(RegistryServer.USER, password, POM_AUTH)));
    return new RegistryOptions(
        sources,
        Set.of(),
        null,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
        false);
  }

  private PushResult push(RegistryOptions options, Path layout, Digest digest, String ref)
      throws Exception {
    Lines log = new Lines();
    return new RegistryPusher(new Registries(options, log), log).push(layout, digest, List.of(ref));
  }

  private PushResult pushNew(RegistryOptions options, String ref, String content) throws Exception {
    BuiltImage image =
        Images.image(Platform.LINUX_AMD64, Map.of(), Images.layer("file.txt", content));
    Path layout = dir.resolve("oci-" + Math.abs(ref.hashCode()));
    return push(options, layout, Images.layout(layout, image, "1"), ref);
  }

  private SourceImage pull(RegistryOptions options, String ref) throws Exception {
    Lines log = new Lines();
    return new RegistryPuller(
            new Registries(options, log), new BlobCache(dir.resolve("cache")), log)
        .pull(ref, Platform.LINUX_AMD64, "<from>");
  }

  private static long count(List<String> lines, String needle) {
    return lines.stream().filter(line -> line.contains(needle)).count();
  }

  @Test
  void token_pushThenPull_withCredentials_asksForExactScopes() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = server.address() + "/team/app:1";

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "through the token flow");
    List<TokenServer.Request> forPush = tokens.requestsSince(0);
    int mark = tokens.requests.size();
    SourceImage pulled = pull(options(RegistryServer.PASSWORD), ref);
    List<TokenServer.Request> forPull = tokens.requestsSince(mark);

    assertEquals(pushed.digest(), pulled.manifestDescriptor().digest());
    // One token per client and scope: every later request reuses it.
    assertEquals(1, forPush.size(), forPush.toString());
    assertEquals(1, forPull.size(), forPull.toString());
    for (TokenServer.Request request : List.of(forPush.get(0), forPull.get(0))) {
      assertEquals("/token", request.path());
      assertTrue(request.basicAuth(), request.toString());
      assertEquals(RegistryServer.USER, request.user());
      assertEquals(TokenServer.SERVICE, request.service());
    }
    assertEquals(List.of("repository:team/app:pull,push"), forPush.get(0).scopes());
    assertEquals(List.of("repository:team/app:pull"), forPull.get(0).scopes());
    String inspect =
        RegistryServer.exec(
            dir,
            "skopeo",
            "inspect",
            "--tls-verify=false",
            "--creds",
            RegistryServer.USER + ":" + RegistryServer.PASSWORD,
            "--format",
            "{{.Digest}}",
            "docker://" + ref);
    assertEquals(pushed.digest().toString(), inspect.strip());
  }

  @Test
  void token_anonymousPull_publicRepository_needsNoCredentials() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = server.address() + "/public/base:1";
    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "public bytes");
    tokens.reset();
    tokens.anonymous("pull");

    SourceImage pulled = pull(options(null), ref);

    assertEquals(pushed.digest(), pulled.manifestDescriptor().digest());
    assertEquals(1, tokens.requests.size(), tokens.requests.toString());
    assertFalse(tokens.requests.get(0).basicAuth());
    assertEquals(List.of("repository:public/base:pull"), tokens.requests.get(0).scopes());
  }

  // N7: a push with a pull-only token says the push right is missing, without an auth loop.
  @Test
  void token_anonymousPush_pullOnlyToken_saysPermissionIsMissing() throws Exception {
    tokens.anonymous("pull");
    String ref = server.address() + "/public/readonly:1";

    UserInputException e =
        assertThrows(UserInputException.class, () -> pushNew(options(null), ref, "nope"));

    assertTrue(e.getMessage().contains("registry " + server.address()), e.getMessage());
    assertTrue(e.getMessage().contains("repository public/readonly"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.getMessage().contains("push"), e.getMessage());
    assertTrue(e.getMessage().contains("no credential source was configured"), e.getMessage());
    // A token that lacks the action is asked for again once per request, never in a loop: the
    // first, then one refresh for each upload that was under way.
    int asked = tokens.requests.size();
    assertTrue(asked >= 2 && asked <= 1 + RegistryPusher.UPLOADS, tokens.requests.toString());
  }

  // N7: the same with credentials that only allow pulling.
  @Test
  void token_credentialsWithPullOnly_pushSaysTheRightIsMissing() throws Exception {
    tokens.accept("reader", "read-only-pass", "pull");
    String ref = server.address() + "/team/readonly:1";
    CredentialSource reader =
        CredentialSource.fixed(
            server.address(), new RegistryCredential("reader", "read-only-pass", POM_AUTH));
    RegistryOptions options =
        new RegistryOptions(
            List.of(reader),
            Set.of(),
            null,
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
            false);

    UserInputException e =
        assertThrows(UserInputException.class, () -> pushNew(options, ref, "read only"));

    String message = e.getMessage();
    assertTrue(message.startsWith("registry " + server.address() + ", "), message);
    assertTrue(message.contains("repository team/readonly"), message);
    assertTrue(message.contains("HTTP 401"), message);
    assertTrue(message.contains("insufficient_scope"), message);
    assertTrue(message.contains("credentials of 'reader' from " + POM_AUTH), message);
    assertTrue(message.contains("ask the registry's owner for push rights"), message);
    assertFalse(message.contains("read-only-pass"), message);
  }

  @Test
  void token_wrongPassword_oneClearMessageNamingRegistryTokenServiceAndSource() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = server.address() + "/team/denied:1";

    UserInputException e =
        assertThrows(
            UserInputException.class, () -> pushNew(options("wrong-pass-123"), ref, "denied"));

    String message = e.getMessage();
    assertTrue(message.startsWith("registry " + server.address() + ", "), message);
    assertTrue(message.contains("token service " + tokens.address()), message);
    assertTrue(message.contains("HTTP 401"), message);
    assertTrue(message.contains(POM_AUTH), message);
    assertTrue(message.contains("settings.xml"), message);
    assertFalse(message.contains("wrong-pass-123"), message);
    assertFalse(message.contains("\n"), message);
    assertEquals(1, tokens.requests.size(), tokens.requests.toString());
    assertEquals(401, tokens.requests.get(0).status());
  }

  @Test
  void N2_token_expiredFirst_refreshedOnceAndPushSucceeds() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD).uselessTokens(1);
    String ref = server.address() + "/team/refresh:1";
    int mark = server.accessLog().size();

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "refreshed");

    List<String> access = server.accessLogSince(mark);
    assertEquals(2, tokens.requests.size(), tokens.requests.toString());
    List<String> refused =
        access.stream()
            .filter(l -> l.contains("/v2/team/refresh/") && l.contains("\" 401 "))
            .toList();
    assertEquals(1, refused.size(), String.join("\n", access));
    assertEquals(
        pushed.digest().toString(),
        RegistryServer.exec(
                dir,
                "skopeo",
                "inspect",
                "--tls-verify=false",
                "--creds",
                RegistryServer.USER + ":" + RegistryServer.PASSWORD,
                "--format",
                "{{.Digest}}",
                "docker://" + ref)
            .strip());
  }

  @Test
  void N8_tokenService503_isRetriedLikeTheRegistry() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD).failing(1);
    String ref = server.address() + "/team/busy:1";

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "after a 503");

    assertEquals(
        List.of(503, 200),
        tokens.requests.stream().map(TokenServer.Request::status).toList(),
        tokens.requests.toString());
    assertEquals(
        pushed.digest(), pull(options(RegistryServer.PASSWORD), ref).manifestDescriptor().digest());
  }

  @Test
  void N2_token_alwaysUseless_failsClearlyAfterOneRefresh() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = server.address() + "/team/loop:1";
    pushNew(options(RegistryServer.PASSWORD), ref, "looping");
    tokens.reset();
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD).uselessTokens(Integer.MAX_VALUE);

    UserInputException e =
        assertThrows(UserInputException.class, () -> pull(options(RegistryServer.PASSWORD), ref));

    assertTrue(e.getMessage().contains("registry " + server.address()), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.getMessage().contains(POM_AUTH), e.getMessage());
    assertEquals(2, tokens.requests.size(), tokens.requests.toString());
  }

  @Test
  void token_mountFromBaseRepository_oneTokenForBothScopes_blobNotUploaded() throws Exception {
    tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD);
    Images.Layer baseLayer = Images.layer("base.txt", "layer of the base");
    BuiltImage base = Images.image(Platform.LINUX_AMD64, Map.of(), baseLayer);
    String baseRef = server.address() + "/base/os:1";
    push(
        options(RegistryServer.PASSWORD),
        dir.resolve("base"),
        Images.layout(dir.resolve("base"), base, "1"),
        baseRef);
    BuiltImage app =
        Images.image(
            Platform.LINUX_AMD64,
            Map.of(RegistryPusher.BASE_NAME, baseRef),
            baseLayer,
            Images.layer("app.txt", "ours"));
    Digest appDigest = Images.layout(dir.resolve("app"), app, "1");
    int accessMark = server.accessLog().size();
    int tokenMark = tokens.requests.size();

    PushResult result =
        push(
            options(RegistryServer.PASSWORD),
            dir.resolve("app"),
            appDigest,
            server.address() + "/team/web:1");

    List<String> access = server.accessLogSince(accessMark);
    String text = String.join("\n", access);
    assertEquals(1, result.mounted(), text);
    assertEquals(2, result.uploaded(), text); // our layer and the config
    assertEquals(
        1,
        count(
            access,
            "POST /v2/team/web/blobs/uploads/?mount="
                + baseLayer.blob().descriptor().digest()
                + "&from=base%2Fos"),
        text);
    assertTrue(text.contains("&from=base%2Fos HTTP/1.1\" 201 "), text);
    List<List<String>> scopes =
        tokens.requestsSince(tokenMark).stream().map(TokenServer.Request::scopes).toList();
    assertTrue(
        scopes.contains(List.of("repository:team/web:pull,push", "repository:base/os:pull")),
        scopes.toString());
  }
}
