package dev.imagesmith.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.io.UrlReader;
import dev.imagesmith.testkit.ForwardProxy;
import dev.imagesmith.testkit.RawHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetches through a real forward proxy (tinyproxy, {@link ForwardProxy}) to a server whose name
 * only the proxy resolves (security-cases.md N20 to N22): what {@code download} and {@code debian}
 * steps do, and, with the same {@link Proxies}, registries. The proxy's credentials go to the proxy
 * alone: never to a server that answers 401, never to a server that pretends to be a proxy.
 */
class ProxyCasesTest {
  /** Where the tests' proxy settings came from, as errors name them. */
  private static final String PROXY_NAME = "the test's proxy";

  private static final byte[] CONTENT = "through the proxy\n".getBytes(StandardCharsets.UTF_8);
  private static final String PROXY_BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (ForwardProxy.USER + ":" + ForwardProxy.PASSWORD)
                      .getBytes(StandardCharsets.UTF_8));

  private static Path dir;
  private static ForwardProxy open;
  private static ForwardProxy guarded;
  private RawHttpServer server;

  @BeforeAll
  static void proxies() throws Exception {
    dir = Files.createTempDirectory("imagesmith-proxy-");
    Map<String, String> names = Map.of(ForwardProxy.ONLY_PROXY_KNOWS, "127.0.0.1");
    open = ForwardProxy.start(dir.resolve("open"), names, false);
    guarded = ForwardProxy.start(dir.resolve("guarded"), names, true);
  }

  @AfterAll
  static void stop() throws IOException {
    if (open != null) {
      open.close();
    }
    if (guarded != null) {
      guarded.close();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(String status, String... headers) throws IOException {
    server =
        new RawHttpServer(
            (request, out) -> {
              if (status.startsWith("200")) {
                RawHttpServer.head(out, status, "Content-Length: " + CONTENT.length);
                out.write(CONTENT);
              } else {
                String[] all = new String[headers.length + 1];
                System.arraycopy(headers, 0, all, 0, headers.length);
                all[headers.length] = "Content-Length: 0";
                RawHttpServer.head(out, status, all);
              }
            });
  }

  /** The file at {@code path} on the test server, by the name only the proxies resolve. */
  private URI byProxyName(String path) {
    return URI.create("http://" + ForwardProxy.ONLY_PROXY_KNOWS + ":" + server.port() + path);
  }

  private static byte[] fetch(URI url, Proxies proxies) throws IOException {
    UrlReader reader =
        new UrlReader(
            Duration.ofSeconds(10), Duration.ofSeconds(30), TransferLimits.DEFAULT, proxies);
    try (InputStream in = reader.open(url)) {
      return in.readAllBytes();
    }
  }

  private String proxyAuthorizationSeenByServer() {
    return server.heads.stream()
        .flatMap(head -> head.lines())
        .filter(
            line ->
                line.toLowerCase().startsWith("proxy-authorization:")
                    || line.toLowerCase().startsWith("authorization:"))
        .findFirst()
        .orElse("");
  }

  @Test
  void N20_fetch_throughProxy_hostOnlyTheProxyResolves() throws Exception {
    serve("200 OK");
    URI url = byProxyName("/tool.tar.gz");

    assertArrayEquals(CONTENT, fetch(url, open.proxies(PROXY_NAME, null, null, null)));

    assertTrue(open.requests().contains("GET " + url + " HTTP/1.1"), open.requests().toString());
    // The premise: nothing but the proxy resolves the name, and the failure says so at once.
    NetworkFailure e = assertThrows(NetworkFailure.class, () -> fetch(url, Proxies.NONE));
    assertTrue(
        e.getMessage().startsWith("cannot resolve host " + ForwardProxy.ONLY_PROXY_KNOWS + " ("),
        e.getMessage());
  }

  @Test
  void N20_proxyHostUnresolvable_failsAtOnceNamingTheProxy_targetNeverResolved() throws Exception {
    serve("200 OK");
    ProxyServer nowhere = new ProxyServer("proxy.invalid", 3128, null, null, null, PROXY_NAME);
    long started = System.nanoTime();

    NetworkFailure e =
        assertThrows(
            NetworkFailure.class,
            () -> fetch(byProxyName("/tool.tar.gz"), new Proxies(nowhere, nowhere)));

    assertEquals(
        "cannot resolve host proxy.invalid of the proxy proxy.invalid:3128 (the test's proxy):"
            + " this machine's DNS has no address for it; check the proxy's host there",
        e.getMessage());
    assertTrue(System.nanoTime() - started < 10_000_000_000L, "no retry");
  }

  @Test
  void N20_noProxy_honoured_bypassedHostIsReachedDirectly() throws Exception {
    serve("200 OK");
    URI url = byProxyName("/tool.tar.gz");
    int before = open.requests().size();

    NetworkFailure e =
        assertThrows(
            NetworkFailure.class,
            () -> fetch(url, open.proxies(PROXY_NAME, null, null, ".only-proxy.test")));

    assertTrue(
        e.getMessage().startsWith("cannot resolve host " + ForwardProxy.ONLY_PROXY_KNOWS),
        e.getMessage());
    assertTrue(e.getMessage().contains("It bypasses the configured proxy"), e.getMessage());
    assertEquals(before, open.requests().size(), "the proxy was not asked");
  }

  @Test
  void N21_proxyCredentials_goToTheProxy_serverSeesNone() throws Exception {
    serve("200 OK");
    URI url = byProxyName("/tool.tar.gz");

    assertArrayEquals(
        CONTENT,
        fetch(url, guarded.proxies(PROXY_NAME, ForwardProxy.USER, ForwardProxy.PASSWORD, null)));

    assertTrue(guarded.requests().contains("GET " + url + " HTTP/1.1"), guarded.logText());
    assertEquals("", proxyAuthorizationSeenByServer());
  }

  @Test
  void N21_proxyAsksForCredentials_noneConfigured_saysWhereToGiveThem() throws Exception {
    serve("200 OK");
    URI url = byProxyName("/tool.tar.gz");

    NetworkFailure e =
        assertThrows(
            NetworkFailure.class, () -> fetch(url, guarded.proxies(PROXY_NAME, null, null, null)));

    assertTrue(
        e.getMessage()
            .startsWith(
                "the proxy "
                    + guarded.address()
                    + " (the test's proxy) asks for credentials (HTTP 407) on the way to "
                    + ForwardProxy.ONLY_PROXY_KNOWS
                    + ":"
                    + server.port()),
        e.getMessage());
    assertTrue(e.getMessage().contains("<username> and <password>"), e.getMessage());
    assertTrue(server.requests.isEmpty(), "nothing reached the server");
  }

  @Test
  void N21_proxyRefusesTheCredentials_saysSoOnce_namesTheUserNotThePassword() throws Exception {
    // tinyproxy answers a wrong password with 401, as no proxy should; squid and others say 407.
    // This proxy refuses every request with 407, after the credentials came along.
    try (RawHttpServer refusing =
        new RawHttpServer(
            (request, out) ->
                RawHttpServer.head(
                    out,
                    "407 Proxy Authentication Required",
                    "Proxy-Authenticate: Basic realm=\"corp\"",
                    "Content-Length: 0"))) {
      ProxyServer proxy =
          new ProxyServer(
              "127.0.0.1", refusing.port(), "alice", "not-the-password", null, PROXY_NAME);
      URI url = URI.create("http://" + ForwardProxy.ONLY_PROXY_KNOWS + ":8080/tool.tar.gz");

      NetworkFailure e =
          assertThrows(NetworkFailure.class, () -> fetch(url, new Proxies(proxy, proxy)));

      assertEquals(
          "the proxy 127.0.0.1:"
              + refusing.port()
              + " (the test's proxy) refused the credentials of user alice (HTTP 407) on the way"
              + " to "
              + ForwardProxy.ONLY_PROXY_KNOWS
              + ":8080: check the user name and password there",
          e.getMessage());
      assertEquals(List.of("GET " + url + " HTTP/1.1"), refusing.requests, "asked once");
      String basic =
          Base64.getEncoder()
              .encodeToString("alice:not-the-password".getBytes(StandardCharsets.UTF_8));
      assertTrue(
          refusing.heads.get(0).contains("\r\nProxy-Authorization: Basic " + basic + "\r\n"),
          "sent without being asked, to the proxy: " + refusing.heads);
    }
  }

  @Test
  void N22_serverPretendingToBeAProxy_getsNoProxyCredentials() throws Exception {
    // On loopback, so reached directly: its 407 is not the proxy's.
    serve("407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"give it\"");
    Proxies proxies = guarded.proxies(PROXY_NAME, ForwardProxy.USER, ForwardProxy.PASSWORD, null);

    NetworkFailure e =
        assertThrows(NetworkFailure.class, () -> fetch(server.uri("/tool.tar.gz"), proxies));

    assertTrue(
        e.getMessage().contains("answered HTTP 407 (proxy authentication required), but no proxy"),
        e.getMessage());
    assertEquals(1, server.requests.size(), server.heads.toString());
    assertEquals("", proxyAuthorizationSeenByServer());
  }

  @Test
  void N22_serversOwn401_neverAnsweredWithTheProxyCredentials() throws Exception {
    serve("401 Unauthorized", "WWW-Authenticate: Basic realm=\"server\"");
    URI url = byProxyName("/tool.tar.gz");
    Proxies proxies = guarded.proxies(PROXY_NAME, ForwardProxy.USER, ForwardProxy.PASSWORD, null);

    UrlReader.HttpStatusException e =
        assertThrows(UrlReader.HttpStatusException.class, () -> fetch(url, proxies));

    assertEquals(401, e.status());
    assertEquals(List.of("GET /tool.tar.gz HTTP/1.1"), server.requests);
    assertFalse(server.heads.get(0).contains(PROXY_BASIC.substring(6)), server.heads.toString());
    assertEquals("", proxyAuthorizationSeenByServer());
  }
}
