package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where credentials and tokens may go in the token flow (security-cases.md N1, N3, N4), against a
 * real docker-registry with {@code auth: token:}. "Another host" is another host name: 127.0.0.2 is
 * loopback like 127.0.0.1, so the tests can reach it, but it is not the registry's host.
 */
class RegistryTokenSecurityTest {
  @RegisterExtension
  static final RegistryFixture registry =
      RegistryFixture.withTokens(
          tokens -> tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD));

  @TempDir Path dir;

  private static RegistryOptions options(String address, boolean withCredentials) {
    return TestClients.quickRetries(
        withCredentials
            ? List.of(TestClients.pomAuth(address, RegistryServer.USER, RegistryServer.PASSWORD))
            : List.of());
  }

  private SourceImage pull(RegistryOptions options, String ref) throws Exception {
    return TestClients.pull(options, new LogLines(), dir.resolve("cache"), ref);
  }

  /** Pushes a one-layer image straight to the registry; returns its layout's digest. */
  private Digest pushed(Path layout, String repository) throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("blob.txt", repository));
    Digest digest = TestImages.layout(layout, image, "1");
    TestClients.push(
        options(registry.address(), true),
        new LogLines(),
        layout,
        digest,
        registry.address() + "/" + repository + ":1");
    return digest;
  }

  @Test
  void N1_plainHttpRealmOnAnotherHost_neverAskedNorGivenThePassword() throws Exception {
    try (TokenServer foreign = TokenServer.start(dir.resolve("foreign"), ForeignHost.HOST);
        RegistryServer guarded = RegistryServer.startWithTokens(dir.resolve("registry"), foreign)) {
      foreign.accept(RegistryServer.USER, RegistryServer.PASSWORD).anonymous("pull");
      String ref = guarded.address() + "/team/app:1";

      UserInputException withPassword =
          assertThrows(UserInputException.class, () -> pull(options(guarded.address(), true), ref));
      UserInputException anonymous =
          assertThrows(
              UserInputException.class, () -> pull(options(guarded.address(), false), ref));

      for (UserInputException e : List.of(withPassword, anonymous)) {
        assertTrue(e.getMessage().contains("registry " + guarded.address()), e.getMessage());
        assertTrue(e.getMessage().contains(foreign.realm()), e.getMessage());
        assertTrue(e.getMessage().contains("not https"), e.getMessage());
        assertFalse(e.getMessage().contains(RegistryServer.PASSWORD), e.getMessage());
      }
      assertEquals(List.of(), foreign.requests);
    }
  }

  @Test
  void N1_realmOnUnspecifiedAddress_refusedWithoutConnecting() throws Exception {
    // 0.0.0.0 is "this machine" to Linux's connect(): a listener on the wildcard address sees any
    // connection the client makes to the realm, so this proves none was made (not even TLS).
    try (ServerSocket listener = new ServerSocket(0);
        RegistryServer hostile =
            RegistryServer.startWithRealm(
                dir.resolve("registry"),
                registry.tokens(),
                "https://0.0.0.0:" + listener.getLocalPort() + "/token")) {
      String realm = "https://0.0.0.0:" + listener.getLocalPort() + "/token";

      UserInputException e =
          assertThrows(
              UserInputException.class,
              () -> pull(options(hostile.address(), true), hostile.address() + "/team/app:1"));

      assertEquals(
          "registry "
              + hostile.address()
              + ": its token realm '"
              + realm
              + "' is on 0.0.0.0, the unspecified address (0.0.0.0, ::), which reaches this"
              + " machine, not the registry's own host; refusing to contact it (SSRF). No token"
              + " service belongs there: the registry is misconfigured or hostile. Check the"
              + " registry named in the image reference",
          e.getMessage());
      // A connection, had there been one, would wait in the backlog already.
      listener.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, listener::accept);
      assertEquals(List.of(), registry.tokens().requests);
      // The registry itself was asked (that is where the challenge came from), nothing else.
      assertFalse(hostile.accessLog().isEmpty());
    }
  }

  @Test
  void N1_tokenServiceRedirect_notFollowed() throws Exception {
    Path layout = dir.resolve("oci");
    pushed(layout, "team/redirected-token");
    try (ForeignHost internal = new ForeignHost(layout, false)) {
      String location = "http://" + internal.address() + "/latest/meta-data/iam/";
      registry.tokens().reset();
      registry.tokens().redirectTo(location);

      UserInputException e =
          assertThrows(
              UserInputException.class,
              () ->
                  pull(
                      options(registry.address(), true),
                      registry.address() + "/team/redirected-token:1"));

      assertTrue(e.getMessage().startsWith("registry " + registry.address()), e.getMessage());
      assertTrue(e.getMessage().contains(registry.tokens().realm()), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 302"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + location + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("never follow redirects"), e.getMessage());
      assertEquals(List.of(), internal.requests);
      assertEquals(1, registry.tokens().requests.size(), registry.tokens().requests.toString());
    }
  }

  @Test
  void N1_plainHttpRealmOnRegistryHostOtherPort_getsThePasswordOnLoopback() throws Exception {
    // The positive half of N1: the class's registry is 127.0.0.1:A, its realm 127.0.0.1:B.
    String repository = "team/samehost";
    Digest digest = pushed(dir.resolve("oci"), repository);

    SourceImage pulled =
        pull(options(registry.address(), true), registry.address() + "/team/samehost:1");

    assertEquals(digest, pulled.manifestDescriptor().digest());
    assertTrue(registry.tokens().requests.stream().allMatch(TokenServer.Request::basicAuth));
    assertFalse(registry.tokens().requests.isEmpty());
  }

  @Test
  void N4_blobRedirectToAnotherHost_carriesNeitherTokenNorPassword() throws Exception {
    Path layout = dir.resolve("oci");
    Digest digest = pushed(layout, "team/redirected");
    try (ForeignHost storage = new ForeignHost(layout, false);
        FaultProxy proxy = new FaultProxy(registry.address())) {
      proxy.redirect("GET /v2/team/redirected/blobs/", storage.address());
      int tokenMark = registry.tokens().requests.size();

      SourceImage pulled =
          pull(options(proxy.address(), true), proxy.address() + "/team/redirected:1");

      assertEquals(digest, pulled.manifestDescriptor().digest());
      // Config and layer both came from the other host, without any Authorization.
      assertEquals(2, storage.requests.size(), storage.requests.toString());
      for (ForeignHost.Seen seen : storage.requests) {
        assertTrue(seen.line().startsWith("GET /v2/team/redirected/blobs/sha256:"), seen.line());
        assertNull(seen.authorization(), seen.toString());
      }
      // The manifest did need the token: the flow ran through the proxy to the registry.
      assertEquals(
          1,
          registry.tokens().requestsSince(tokenMark).size(),
          registry.tokens().requests.toString());
      assertTrue(
          proxy.requests.stream().anyMatch(r -> r.startsWith("GET /v2/team/redirected/manifests/")),
          proxy.requests.toString());
    }
  }

  @Test
  void N4_blobRedirectToUnspecifiedAddress_refusedWithoutConnecting() throws Exception {
    Path layout = dir.resolve("oci");
    pushed(layout, "team/ssrf");
    // A listener on the wildcard address sees any connection made to 0.0.0.0:port (this machine
    // to Linux's connect()), so an empty backlog proves the redirect was not followed.
    try (ServerSocket listener = new ServerSocket(0);
        FaultProxy proxy = new FaultProxy(registry.address())) {
      String target = "0.0.0.0:" + listener.getLocalPort();
      proxy.redirect("GET /v2/team/ssrf/blobs/", target);

      UserInputException e =
          assertThrows(
              UserInputException.class,
              () -> pull(options(proxy.address(), true), proxy.address() + "/team/ssrf:1"));

      Optional<String> blobGet =
          proxy.requests.stream().filter(r -> r.startsWith("GET /v2/team/ssrf/blobs/")).findFirst();
      assertTrue(blobGet.isPresent(), proxy.requests.toString());
      String path = blobGet.get().substring("GET ".length());
      assertEquals(
          "registry "
              + proxy.address()
              + ", repository team/ssrf: GET "
              + path
              + ": redirected to 'http://"
              + target
              + path
              + "', on 0.0.0.0, the unspecified address (0.0.0.0, ::), which reaches this"
              + " machine, not the registry's own host; refusing to follow it (SSRF). No registry"
              + " storage belongs there: the registry is misconfigured or hostile. Check the"
              + " registry named in the image reference",
          e.getMessage());
      listener.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, listener::accept);
      // Refused, not retried: the blob was asked for once.
      assertEquals(
          1,
          proxy.requests.stream().filter(r -> r.startsWith("GET /v2/team/ssrf/blobs/")).count(),
          proxy.requests.toString());
    }
  }

  @Test
  void N3_redirectedHostAnswering401Bearer_getsNoTokenAndNoRefresh() throws Exception {
    Path layout = dir.resolve("oci");
    pushed(layout, "team/fished");
    try (ForeignHost attacker = new ForeignHost(layout, true);
        FaultProxy proxy = new FaultProxy(registry.address())) {
      proxy.redirect("GET /v2/team/fished/blobs/", attacker.address());
      int tokenMark = registry.tokens().requests.size();

      UserInputException e =
          assertThrows(
              UserInputException.class,
              () -> pull(options(proxy.address(), true), proxy.address() + "/team/fished:1"));

      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertFalse(attacker.requests.isEmpty());
      for (ForeignHost.Seen seen : attacker.requests) {
        // Neither our token nor our password, and its own "realm" was never asked.
        assertNull(seen.authorization(), seen.toString());
        assertFalse(seen.line().contains("/token"), seen.toString());
      }
      // Its challenge did not make us fetch a new token from the registry's service either.
      assertEquals(
          1,
          registry.tokens().requestsSince(tokenMark).size(),
          registry.tokens().requests.toString());
    }
  }
}
