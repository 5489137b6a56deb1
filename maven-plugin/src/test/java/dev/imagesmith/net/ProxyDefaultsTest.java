package dev.imagesmith.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fallbacks when settings.xml names no proxy: the JVM's properties, then the environment. */
class ProxyDefaultsTest {
  private static final URI HTTPS = URI.create("https://registry.example/v2/");
  private static final URI HTTP = URI.create("http://deb.debian.org/debian");

  @Test
  void properties_perScheme_defaultPorts_nonProxyHostsForBoth() {
    Map<String, String> properties =
        Map.of(
            "https.proxyHost", "tls-proxy.lan",
            "http.proxyHost", "web-proxy.lan",
            "http.proxyPort", "3128",
            "http.nonProxyHosts", "*.corp.example");
    Proxies proxies = ProxyDefaults.fromProperties(properties::get);

    ProxyServer tls = proxies.forTarget(HTTPS).orElseThrow();
    assertEquals("tls-proxy.lan:443", tls.address());
    assertEquals("the property https.proxyHost", tls.source());
    assertEquals("web-proxy.lan:3128", proxies.forTarget(HTTP).orElseThrow().address());
    assertTrue(proxies.forTarget(URI.create("https://r.corp.example/v2/")).isEmpty());
    assertTrue(ProxyDefaults.fromProperties(name -> null).isEmpty());
  }

  @Test
  void environment_lowerCaseFirst_credentialsFromUrl_noProxyApplied() {
    Map<String, String> environment =
        Map.of(
            "https_proxy", "http://alice:p%40ss@proxy.lan:3128/",
            "HTTPS_PROXY", "http://ignored.lan:1",
            "HTTP_PROXY", "proxy.lan:8080",
            "NO_PROXY", "corp.example,10.0.0.0/8");
    Proxies proxies = ProxyDefaults.fromEnvironment(environment);

    ProxyServer tls = proxies.forTarget(HTTPS).orElseThrow();
    assertEquals("proxy.lan:3128", tls.address());
    assertEquals("alice", tls.username());
    assertEquals("p@ss", tls.password());
    assertEquals("the environment variable https_proxy", tls.source());
    ProxyServer web = proxies.forTarget(HTTP).orElseThrow();
    assertEquals("proxy.lan:8080", web.address());
    assertNull(web.username());
    assertFalse(web.hasCredentials());
    assertTrue(proxies.forTarget(URI.create("https://10.1.1.1:5000/v2/")).isEmpty());
    assertTrue(proxies.forTarget(URI.create("https://registry.corp.example/v2/")).isEmpty());
    assertFalse(tls.toString().contains("p@ss"), tls.toString());
  }

  @Test
  void environment_portMissing_isCurlsDefault() {
    Proxies proxies = ProxyDefaults.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.lan"));
    assertEquals("proxy.lan:1080", proxies.forTarget(HTTPS).orElseThrow().address());
  }

  @Test
  void environment_socksOrTlsProxy_refusedNamingTheVariable() {
    UserInputException socks =
        assertThrows(
            UserInputException.class,
            () ->
                ProxyDefaults.fromEnvironment(Map.of("ALL_X", "", "https_proxy", "socks5://p:1")));
    assertTrue(socks.getMessage().contains("https_proxy"), socks.getMessage());
    assertTrue(socks.getMessage().contains("only HTTP proxies"), socks.getMessage());

    UserInputException tls =
        assertThrows(
            UserInputException.class,
            () -> ProxyDefaults.fromEnvironment(Map.of("HTTP_PROXY", "https://u:secret@p:1")));
    assertTrue(tls.getMessage().contains("HTTP_PROXY"), tls.getMessage());
    assertFalse(tls.getMessage().contains("secret"), tls.getMessage());
  }

  @Test
  void environment_notAProxyUrl_orNoHost_namesTheVariable() {
    UserInputException garbled =
        assertThrows(
            UserInputException.class,
            () -> ProxyDefaults.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy lan:3128")));
    assertEquals(
        "the environment variable HTTPS_PROXY is not a proxy URL: write http://host:port (with"
            + " user:password@ if needed)",
        garbled.getMessage());

    UserInputException hostless =
        assertThrows(
            UserInputException.class,
            () -> ProxyDefaults.fromEnvironment(Map.of("http_proxy", "http://:3128")));
    assertEquals(
        "the environment variable http_proxy names no proxy host: write http://host:port (with"
            + " user:password@ if needed)",
        hostless.getMessage());
  }

  @Test
  void environment_portOutOfRange_namesTheVariableNotThePassword() {
    for (String url : new String[] {"http://u:hunter22@proxy.lan:99999", "http://proxy.lan:0"}) {
      UserInputException e =
          assertThrows(
              UserInputException.class,
              () -> ProxyDefaults.fromEnvironment(Map.of("HTTPS_PROXY", url)),
              url);
      assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
      assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());
      assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
    }
  }

  @Test
  void properties_badPort_namesTheProperty() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                ProxyDefaults.fromProperties(
                    Map.of("https.proxyHost", "p", "https.proxyPort", "80a")::get));
    assertTrue(e.getMessage().contains("https.proxyPort"), e.getMessage());
  }
}
