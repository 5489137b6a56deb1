package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.io.UrlReader;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.net.ProxyServer;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.ForwardProxy;
import dev.imagesmith.testkit.RawHttpServer;
import dev.imagesmith.testkit.TestImages;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * settings.xml {@code <proxies>} as a Maven user writes them (security-cases.md N20, N21): the
 * active proxy per protocol, its encrypted password decrypted by the {@code SettingsDecrypter}
 * Maven injects, and the fallbacks when settings.xml has none. A real tinyproxy ({@link
 * ForwardProxy}) stands between the build and a registry whose name only the proxy resolves.
 */
@MojoTest
class ProxySettingsTest extends HarnessTestBase {
  private static final String PROJECT = "/projects/proxy";
  private static final String MASTER = SettingsSecurity.MASTER;

  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  private static Path shared;
  private static ForwardProxy open;
  private static ForwardProxy guarded;

  @Inject SettingsDecrypter decrypter;
  @RegisterExtension final SettingsSecurity security = new SettingsSecurity();
  @TempDir Path dir;
  private final PushMojoCredentialsTest.CapturingLog log =
      new PushMojoCredentialsTest.CapturingLog();

  @BeforeAll
  static void proxies() throws Exception {
    shared = Files.createTempDirectory("imagesmith-settings-proxy-");
    Map<String, String> names = Map.of(ForwardProxy.ONLY_PROXY_KNOWS, "127.0.0.1");
    open = ForwardProxy.start(shared.resolve("open"), names, false);
    guarded = ForwardProxy.start(shared.resolve("guarded"), names, true);
  }

  @AfterAll
  static void stop() throws Exception {
    if (open != null) {
      open.close();
    }
    if (guarded != null) {
      guarded.close();
    }
    dev.imagesmith.io.HostFiles.deleteTree(shared);
  }

  private static Proxy proxy(String id, ForwardProxy through, String protocol, boolean active) {
    Proxy proxy = new Proxy();
    proxy.setId(id);
    proxy.setActive(active);
    proxy.setProtocol(protocol);
    proxy.setHost(through == null ? "proxy.invalid" : through.host());
    proxy.setPort(through == null ? 3128 : through.port());
    return proxy;
  }

  private static Settings settings(Proxy... proxies) {
    Settings settings = new Settings();
    for (Proxy proxy : proxies) {
      settings.addProxy(proxy);
    }
    return settings;
  }

  /** The registry by the name only the proxies resolve. */
  private static String byProxyName() {
    return ForwardProxy.ONLY_PROXY_KNOWS + ":" + registry.server().port();
  }

  @Test
  @Basedir(PROJECT)
  @InjectMojo(goal = "build", pom = "pom.xml")
  void N20_build_pullsItsBaseThroughTheSettingsProxy(BuildMojo mojo) throws Exception {
    TestImages.pushBase(
        dir, RegistryOptions.defaults(), registry.address() + "/team/base:1", "base layer");
    session.getUserProperties().setProperty("image.from", byProxyName() + "/team/base:1");
    // An inactive proxy first: settings.xml keeps it, Maven (and the build) skip it.
    Settings settings =
        settings(proxy("old", null, "http", false), proxy("corp", open, "http", true));
    MojoExtension.setVariableValueToObject(mojo, "settings", settings);
    MojoExtension.setVariableValueToObject(mojo, "insecureRegistries", List.of(byProxyName()));
    writingInto(mojo, dir, log); // nothing to attach here

    mojo.execute();

    assertTrue(Files.isRegularFile(dir.resolve("out/digest")), log.text());
    assertTrue(
        log.text()
            .contains(
                "INFO Proxy for http and https: proxy "
                    + open.address()
                    + " (settings.xml <proxy> with <id>corp</id>)"),
        log.text());
    assertTrue(
        open.requests().contains("GET http://" + byProxyName() + "/v2/ HTTP/1.1"),
        open.requests().toString());
    assertTrue(
        log.text().contains("DEBUG registry " + byProxyName() + ": GET http://"), log.text());
    assertTrue(log.text().contains(", through the proxy " + open.address()), log.text());
  }

  @Test
  void N21_encryptedProxyPassword_decryptedByMaven_sentToTheProxyAlone() throws Exception {
    security.masterPassword(dir);
    Proxy corp = proxy("corp", guarded, "http", true);
    corp.setUsername(ForwardProxy.USER);
    corp.setPassword(new DefaultPlexusCipher().encryptAndDecorate(ForwardProxy.PASSWORD, MASTER));
    byte[] content = "behind the proxy\n".getBytes(StandardCharsets.UTF_8);

    Proxies proxies = SettingsProxies.of(settings(corp), decrypter, name -> null, Map.of());

    ProxyServer server = proxies.servers().get(0);
    assertEquals(ForwardProxy.PASSWORD, server.password());
    assertEquals(
        "the proxy " + ForwardProxy.PASSWORD.length(), // masked from now on, wherever it shows
        Redaction.text("the proxy " + ForwardProxy.PASSWORD)
            .replace(Redaction.MASK, "" + ForwardProxy.PASSWORD.length()));
    try (RawHttpServer target =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Length: " + content.length);
              out.write(content);
            })) {
      URI url = URI.create("http://" + ForwardProxy.ONLY_PROXY_KNOWS + ":" + target.port() + "/f");
      UrlReader reader =
          new UrlReader(
              Duration.ofSeconds(10), Duration.ofSeconds(30), TransferLimits.DEFAULT, proxies);
      try (InputStream in = reader.open(url)) {
        assertArrayEquals(content, in.readAllBytes());
      }
      assertTrue(guarded.requests().contains("GET " + url + " HTTP/1.1"), guarded.logText());
      assertFalse(
          target.heads.get(0).toLowerCase().contains("authorization"), target.heads.toString());
    }
  }

  @Test
  void N21_undecryptableProxyPassword_failsNamingTheProxy() {
    security.absent(dir);
    Proxy corp = proxy("corp", guarded, "https", true);
    corp.setUsername(ForwardProxy.USER);
    corp.setPassword("{c2hvcnQ=}");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> SettingsProxies.of(settings(corp), decrypter, name -> null, Map.of()));

    assertTrue(
        e.getMessage()
            .startsWith(
                "settings.xml <proxy> with <id>corp</id>: the password could not be decrypted"),
        e.getMessage());
    assertFalse(e.getMessage().contains("c2hvcnQ"), e.getMessage());
  }

  @Test
  void settingsProxy_withoutHostOrWithABadPort_oneErrorNamingTheProxy() {
    Proxy hostless = proxy("corp", open, "http", true);
    hostless.setHost(" ");
    Proxy portless = proxy("corp", open, "https", true);
    portless.setPort(0);

    assertEquals(
        "settings.xml <proxy> with <id>corp</id> has no <host>: name the proxy's host",
        assertThrows(
                UserInputException.class,
                () -> SettingsProxies.of(settings(hostless), null, name -> null, Map.of()))
            .getMessage());
    assertEquals(
        "settings.xml <proxy> with <id>corp</id> has <port>0</port>: write a port from 1 to 65535",
        assertThrows(
                UserInputException.class,
                () -> SettingsProxies.of(settings(portless), null, name -> null, Map.of()))
            .getMessage());
  }

  @Test
  void activeProxyPerProtocol_httpsFallsBackToHttp_settingsWinOverPropertiesAndEnvironment() {
    Proxy web = proxy("web", open, "http", true);
    Proxy tls = proxy("tls", guarded, "https", true);
    Proxy later = proxy("later", null, "https", true);
    Map<String, String> property = Map.of("https.proxyHost", "from-property.lan");
    Map<String, String> environment = Map.of("HTTPS_PROXY", "http://from-env.lan:3128");
    URI https = URI.create("https://registry.example/v2/");
    URI http = URI.create("http://deb.debian.org/debian");

    Proxies both = SettingsProxies.of(settings(web, tls, later), null, property::get, environment);
    assertEquals(guarded.address(), both.forTarget(https).orElseThrow().address());
    assertEquals(open.address(), both.forTarget(http).orElseThrow().address());

    Proxies httpOnly = SettingsProxies.of(settings(web), null, property::get, environment);
    assertEquals(open.address(), httpOnly.forTarget(https).orElseThrow().address());

    Proxies none = SettingsProxies.of(settings(), null, property::get, environment);
    assertEquals("from-property.lan:443", none.forTarget(https).orElseThrow().address());
    Proxies env = SettingsProxies.of(null, null, name -> null, environment);
    assertEquals("from-env.lan:3128", env.forTarget(https).orElseThrow().address());
    assertTrue(SettingsProxies.of(null, null, name -> null, Map.of()).isEmpty());
  }
}
