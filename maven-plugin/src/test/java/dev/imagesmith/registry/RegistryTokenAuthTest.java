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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow against a real docker-registry with {@code auth: token:}: 401 with a Bearer
 * challenge, a token from the realm (basic credentials or anonymous), the request again with {@code
 * Authorization: Bearer}. The {@link TokenServer} records what the client asked for.
 */
class RegistryTokenAuthTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.withTokens(t -> {});

  @TempDir Path dir;

  private static RegistryOptions options(String password) {
    return TestClients.quickRetries(
        password == null
            ? List.of()
            : List.of(TestClients.pomAuth(registry.address(), RegistryServer.USER, password)));
  }

  private PushResult push(RegistryOptions options, Path layout, Digest digest, String ref)
      throws Exception {
    return TestClients.push(options, new LogLines(), layout, digest, ref);
  }

  private PushResult pushNew(RegistryOptions options, String ref, String content) throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("file.txt", content));
    Path layout = dir.resolve("oci-" + Math.abs(ref.hashCode()));
    return push(options, layout, TestImages.layout(layout, image, "1"), ref);
  }

  private SourceImage pull(RegistryOptions options, String ref) throws Exception {
    return TestClients.pull(options, new LogLines(), dir.resolve("cache"), ref);
  }

  /** What skopeo, logged in as the test user, reads as the digest of {@code ref}. */
  private String skopeoDigest(String ref) throws Exception {
    return RegistryServer.skopeoDigest(
        dir, ref, "--creds", RegistryServer.USER + ":" + RegistryServer.PASSWORD);
  }

  private static long count(List<String> lines, String needle) {
    return lines.stream().filter(line -> line.contains(needle)).count();
  }

  @Test
  void token_pushThenPull_withCredentials_asksForExactScopes() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = registry.address() + "/team/app:1";

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "through the token flow");
    List<TokenServer.Request> forPush = registry.tokens().requestsSince(0);
    int mark = registry.tokens().requests.size();
    SourceImage pulled = pull(options(RegistryServer.PASSWORD), ref);
    List<TokenServer.Request> forPull = registry.tokens().requestsSince(mark);

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
    assertEquals(pushed.digest().toString(), skopeoDigest(ref));
  }

  @Test
  void token_anonymousPull_publicRepository_needsNoCredentials() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = registry.address() + "/public/base:1";
    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "public bytes");
    registry.tokens().reset();
    registry.tokens().anonymous("pull");

    SourceImage pulled = pull(options(null), ref);

    assertEquals(pushed.digest(), pulled.manifestDescriptor().digest());
    assertEquals(1, registry.tokens().requests.size(), registry.tokens().requests.toString());
    assertFalse(registry.tokens().requests.get(0).basicAuth());
    assertEquals(
        List.of("repository:public/base:pull"), registry.tokens().requests.get(0).scopes());
  }

  // N7: a push with a pull-only token says the push right is missing, without an auth loop.
  @Test
  void token_anonymousPush_pullOnlyToken_saysPermissionIsMissing() throws Exception {
    registry.tokens().anonymous("pull");
    String ref = registry.address() + "/public/readonly:1";

    UserInputException e =
        assertThrows(UserInputException.class, () -> pushNew(options(null), ref, "nope"));

    assertTrue(e.getMessage().contains("registry " + registry.address()), e.getMessage());
    assertTrue(e.getMessage().contains("repository public/readonly"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.getMessage().contains("push"), e.getMessage());
    assertTrue(e.getMessage().contains("no credential source was configured"), e.getMessage());
    // A token that lacks the action is asked for again once per request, never in a loop: the
    // first, then one refresh for each upload that was under way.
    int asked = registry.tokens().requests.size();
    assertTrue(
        asked >= 2 && asked <= 1 + RegistryPusher.UPLOADS, registry.tokens().requests.toString());
  }

  // N7: the same with credentials that only allow pulling.
  @Test
  void token_credentialsWithPullOnly_pushSaysTheRightIsMissing() throws Exception {
    registry.tokens().accept("reader", "read-only-pass", "pull");
    String ref = registry.address() + "/team/readonly:1";
    RegistryOptions options =
        TestClients.quickRetries(
            List.of(TestClients.pomAuth(registry.address(), "reader", "read-only-pass")));

    UserInputException e =
        assertThrows(UserInputException.class, () -> pushNew(options, ref, "read only"));

    String message = e.getMessage();
    assertTrue(message.startsWith("registry " + registry.address() + ", "), message);
    assertTrue(message.contains("repository team/readonly"), message);
    assertTrue(message.contains("HTTP 401"), message);
    assertTrue(message.contains("insufficient_scope"), message);
    assertTrue(message.contains("credentials of 'reader' from " + TestClients.POM_AUTH), message);
    assertTrue(message.contains("ask the registry's owner for push rights"), message);
    assertFalse(message.contains("read-only-pass"), message);
  }

  @Test
  void token_wrongPassword_oneClearMessageNamingRegistryTokenServiceAndSource() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = registry.address() + "/team/denied:1";

    UserInputException e =
        assertThrows(
            UserInputException.class, () -> pushNew(options("wrong-pass-123"), ref, "denied"));

    String message = e.getMessage();
    assertTrue(message.startsWith("registry " + registry.address() + ", "), message);
    assertTrue(message.contains("token service " + registry.tokens().address()), message);
    assertTrue(message.contains("HTTP 401"), message);
    assertTrue(message.contains(TestClients.POM_AUTH), message);
    assertTrue(message.contains("settings.xml"), message);
    assertFalse(message.contains("wrong-pass-123"), message);
    assertFalse(message.contains("\n"), message);
    assertEquals(1, registry.tokens().requests.size(), registry.tokens().requests.toString());
    assertEquals(401, registry.tokens().requests.get(0).status());
  }

  @Test
  void N2_token_expiredFirst_refreshedOnceAndPushSucceeds() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD).uselessTokens(1);
    String ref = registry.address() + "/team/refresh:1";
    int mark = registry.server().accessLog().size();

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "refreshed");

    List<String> access = registry.server().accessLogSince(mark);
    assertEquals(2, registry.tokens().requests.size(), registry.tokens().requests.toString());
    List<String> refused =
        access.stream()
            .filter(l -> l.contains("/v2/team/refresh/") && l.contains("\" 401 "))
            .toList();
    assertEquals(1, refused.size(), String.join("\n", access));
    assertEquals(pushed.digest().toString(), skopeoDigest(ref));
  }

  @Test
  void N8_tokenService503_isRetriedLikeTheRegistry() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD).failing(1);
    String ref = registry.address() + "/team/busy:1";

    PushResult pushed = pushNew(options(RegistryServer.PASSWORD), ref, "after a 503");

    assertEquals(
        List.of(503, 200),
        registry.tokens().requests.stream().map(TokenServer.Request::status).toList(),
        registry.tokens().requests.toString());
    assertEquals(
        pushed.digest(), pull(options(RegistryServer.PASSWORD), ref).manifestDescriptor().digest());
  }

  @Test
  void N2_token_alwaysUseless_failsClearlyAfterOneRefresh() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD);
    String ref = registry.address() + "/team/loop:1";
    pushNew(options(RegistryServer.PASSWORD), ref, "looping");
    registry.tokens().reset();
    registry
        .tokens()
        .accept(RegistryServer.USER, RegistryServer.PASSWORD)
        .uselessTokens(Integer.MAX_VALUE);

    UserInputException e =
        assertThrows(UserInputException.class, () -> pull(options(RegistryServer.PASSWORD), ref));

    assertTrue(e.getMessage().contains("registry " + registry.address()), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertTrue(e.getMessage().contains(TestClients.POM_AUTH), e.getMessage());
    assertEquals(2, registry.tokens().requests.size(), registry.tokens().requests.toString());
  }

  @Test
  void token_mountFromBaseRepository_oneTokenForBothScopes_blobNotUploaded() throws Exception {
    registry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD);
    TestImages.Layer baseLayer = TestImages.layer("base.txt", "layer of the base");
    BuiltImage base = TestImages.image(Platform.LINUX_AMD64, Map.of(), baseLayer);
    String baseRef = registry.address() + "/base/os:1";
    push(
        options(RegistryServer.PASSWORD),
        dir.resolve("base"),
        TestImages.layout(dir.resolve("base"), base, "1"),
        baseRef);
    BuiltImage app = TestImages.appOn(baseRef, baseLayer);
    Digest appDigest = TestImages.layout(dir.resolve("app"), app, "1");
    int accessMark = registry.server().accessLog().size();
    int tokenMark = registry.tokens().requests.size();

    PushResult result =
        push(
            options(RegistryServer.PASSWORD),
            dir.resolve("app"),
            appDigest,
            registry.address() + "/team/web:1");

    List<String> access = registry.server().accessLogSince(accessMark);
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
        registry.tokens().requestsSince(tokenMark).stream()
            .map(TokenServer.Request::scopes)
            .toList();
    assertTrue(
        scopes.contains(List.of("repository:team/web:pull,push", "repository:base/os:pull")),
        scopes.toString());
  }
}
