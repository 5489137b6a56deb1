package dev.imagesmith.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The two spellings of "reach these directly", decided without asking DNS. */
class NonProxyHostsTest {
  @Test
  void mavenPatterns_globAnywhere_caseInsensitive_pipeOrComma() {
    NonProxyHosts hosts = NonProxyHosts.ofPatterns("*.corp.example|localhost, 10.*|Repo.Lan");

    assertTrue(hosts.matches("registry.corp.example"));
    assertTrue(hosts.matches("a.b.corp.example"));
    assertFalse(hosts.matches("corp.example"), "*.corp.example needs a label before it");
    assertFalse(hosts.matches("evilcorp.example"));
    assertTrue(hosts.matches("10.1.2.3"));
    assertTrue(hosts.matches("repo.lan"));
    assertTrue(hosts.matches("REPO.LAN"));
    assertFalse(hosts.matches("registry-1.docker.io"));
  }

  @Test
  void noProxy_domainMatchesItselfAndBelow_leadingDotAlike_portIgnored() {
    NonProxyHosts hosts = NonProxyHosts.ofNoProxy("corp.example, .internal,mirror.lan:5000");

    assertTrue(hosts.matches("corp.example"));
    assertTrue(hosts.matches("registry.corp.example"));
    assertFalse(hosts.matches("evilcorp.example"), "a suffix match is by whole labels");
    assertTrue(hosts.matches("x.internal"));
    assertTrue(hosts.matches("internal"));
    assertTrue(hosts.matches("mirror.lan"));
    assertTrue(hosts.matches("registry.corp.example."), "a rooted name is the same name");
  }

  @Test
  void noProxy_addressesAndCidr_matchLiteralsOnly() {
    NonProxyHosts hosts = NonProxyHosts.ofNoProxy("10.0.0.0/8,192.168.1.7,[fd00::]/8,::1");

    assertTrue(hosts.matches("10.200.3.4"));
    assertFalse(hosts.matches("11.0.0.1"));
    assertTrue(hosts.matches("192.168.1.7"));
    assertFalse(hosts.matches("192.168.1.8"));
    assertTrue(hosts.matches("[fd12::1]"));
    assertTrue(hosts.matches("[::1]"));
    // A name is never resolved to be compared with an address: localhost is not "::1" here.
    assertFalse(hosts.matches("localhost"));
  }

  @Test
  void noProxy_star_matchesEverything() {
    assertTrue(NonProxyHosts.ofNoProxy("*").matches("registry.example"));
    assertTrue(NonProxyHosts.ofPatterns("*").matches("registry.example"));
    assertFalse(NonProxyHosts.ofNoProxy("").matches("registry.example"));
  }

  @Test
  void proxies_loopbackAlwaysDirect_httpsAndHttpChosenByScheme() {
    ProxyServer web = new ProxyServer("proxy.lan", 3128, null, null, null, "test http");
    ProxyServer tls =
        new ProxyServer(
            "proxy.lan", 3129, null, null, NonProxyHosts.ofNoProxy("corp.example"), "test https");
    Proxies proxies = new Proxies(web, tls);

    assertEquals(web, proxies.forTarget(URI.create("http://deb.debian.org/debian")).get());
    assertEquals(tls, proxies.forTarget(URI.create("https://registry-1.docker.io/v2/")).get());
    assertTrue(proxies.forTarget(URI.create("https://r.corp.example/v2/")).isEmpty());
    for (String local :
        new String[] {"http://localhost:5000/", "https://127.0.0.1:5000/", "http://[::1]:5000/"}) {
      assertTrue(proxies.forTarget(URI.create(local)).isEmpty(), local);
    }
    assertTrue(proxies.forTarget(URI.create("file:///srv/repo")).isEmpty());
    assertTrue(Proxies.NONE.forTarget(URI.create("https://example.org/")).isEmpty());
    assertTrue(Proxies.NONE.describe().isEmpty());
  }
}
