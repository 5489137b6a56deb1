package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.testkit.ForwardProxy;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls through a real forward proxy (tinyproxy, {@link ForwardProxy}) to a TLS
 * docker-registry whose name only the proxy resolves (security-cases.md N20, N21): what a build
 * behind a company proxy does. The client never resolves that name itself; without the proxy it
 * fails at once, saying it cannot resolve the host.
 */
class RegistryProxyTest {
  /** Where the tests' proxy settings came from, as errors name them. */
  private static final String PROXY_NAME = "test proxy";

  private static Path shared;
  private static RegistryServer registry;
  private static ForwardProxy open;
  private static ForwardProxy guarded;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    shared = Files.createTempDirectory("imagesmith-registry-proxy-");
    registry =
        RegistryServer.startTlsFor(shared.resolve("registry"), ForwardProxy.ONLY_PROXY_KNOWS);
    Map<String, String> names = Map.of(ForwardProxy.ONLY_PROXY_KNOWS, "127.0.0.1");
    open = ForwardProxy.start(shared.resolve("open"), names, false);
    guarded = ForwardProxy.start(shared.resolve("guarded"), names, true);
  }

  @AfterAll
  static void stop() throws IOException {
    for (AutoCloseable running : new AutoCloseable[] {registry, open, guarded}) {
      if (running != null) {
        try {
          running.close();
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
    if (shared != null) {
      try (Stream<Path> walk = Files.walk(shared)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** {@code registry.only-proxy.test:PORT}: the registry as only the proxy can reach it. */
  private static String byProxyName() {
    return ForwardProxy.ONLY_PROXY_KNOWS + ":" + registry.port();
  }

  private static RegistryOptions options(RetryPolicy retry, Proxies proxies) {
    return new RegistryOptions(List.of(), Set.of(), registry.trust(), retry, false)
        .withProxies(proxies);
  }

  private Digest layout(String content) throws IOException {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("hello.txt", content));
    return TestImages.layout(dir.resolve("oci"), image, "1");
  }

  @Test
  void N20_pushAndPull_throughProxy_registryOnlyTheProxyResolves() throws Exception {
    Digest digest = layout("through the proxy");
    String ref = byProxyName() + "/team/proxied:1";
    RegistryOptions options =
        options(
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
            open.proxies(PROXY_NAME, null, null, null));
    LogLines log = new LogLines();

    TestClients.push(options, log, dir.resolve("oci"), digest, ref);
    Digest pulled =
        TestClients.pull(options, log, dir.resolve("cache"), ref).manifestDescriptor().digest();

    assertEquals(digest, pulled);
    assertTrue(
        open.requests().contains("CONNECT " + byProxyName() + " HTTP/1.1"),
        open.requests().toString());
    // The registry itself saw the requests, as skopeo (direct, by address) confirms.
    assertEquals(
        digest.toString(),
        RegistryServer.skopeoDigest(dir, registry.address() + "/team/proxied:1"));
    assertTrue(log.warnings().isEmpty(), log.text());
  }

  @Test
  void unresolvableRegistry_failsAtOnce_sayingItCannotResolveTheHost() throws Exception {
    LogLines log = new LogLines();
    long started = System.nanoTime();

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                TestClients.pull(
                    options(RetryPolicy.DEFAULT, Proxies.NONE),
                    log,
                    dir.resolve("cache"),
                    byProxyName() + "/team/proxied:1"));

    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(
        e.getMessage()
            .startsWith(
                "registry "
                    + byProxyName()
                    + ": cannot resolve host "
                    + ForwardProxy.ONLY_PROXY_KNOWS
                    + " (this machine's DNS has no address for it)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("configure the proxy in settings.xml <proxies>"));
    // RetryPolicy.DEFAULT would pause 0.5 + 1 + 2 + 4 s between its five attempts.
    assertTrue(log.warnings().isEmpty(), "no retry: " + log.text());
    assertTrue(millis < 3000, millis + " ms");
  }

  @Test
  void N20_nonProxyHosts_honoured_bypassedRegistryIsResolvedHere() {
    LogLines log = new LogLines();
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                TestClients.pull(
                    options(
                        RetryPolicy.DEFAULT,
                        open.proxies(PROXY_NAME, null, null, "only-proxy.test")),
                    log,
                    dir.resolve("cache"),
                    byProxyName() + "/team/proxied:1"));

    assertTrue(
        e.getMessage().contains("cannot resolve host " + ForwardProxy.ONLY_PROXY_KNOWS),
        e.getMessage());
    assertTrue(e.getMessage().contains("It bypasses the configured proxy"), e.getMessage());
  }

  @Test
  void N21_httpsTunnelWithCredentials_withoutTheJdkSwitch_saysHowToTurnItOn() throws Exception {
    Assumptions.assumeTrue(
        Proxies.basicTunnellingDisabled(), "this JVM was started with the tunnelling switch on");
    int before = guarded.requests().size();

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                TestClients.pull(
                    options(
                        RetryPolicy.DEFAULT,
                        guarded.proxies(
                            PROXY_NAME, ForwardProxy.USER, ForwardProxy.PASSWORD, null)),
                    new LogLines(),
                    dir.resolve("cache"),
                    byProxyName() + "/team/proxied:1"));

    assertEquals(
        "registry "
            + byProxyName()
            + ": the proxy "
            + guarded.address()
            + " (test proxy) asks for credentials (HTTP 407) on the way to "
            + byProxyName()
            + ", and the JDK sends Basic credentials to the proxy of an https tunnel only when"
            + " Maven's JVM is started with -Djdk.http.auth.tunneling.disabledSchemes= (empty):"
            + " add it to MAVEN_OPTS or to .mvn/jvm.config",
        e.getMessage());
    assertEquals(before + 1, guarded.requests().size(), "asked once: " + guarded.requests());
  }

  @Test
  void N21_httpsTunnelWithCredentials_withTheJdkSwitch_pushesAndPulls() throws Exception {
    String ref = byProxyName() + "/team/tunnelled:1";
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-D" + Proxies.TUNNELLING_PROPERTY + "=");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(ProxiedRoundTripMain.class.getName());
    command.add(String.valueOf(guarded.port()));
    command.add(ref);
    command.add(shared.resolve("registry/cert.pem").toString());
    command.add(dir.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);

    String digest = RegistryServer.skopeoDigest(dir, registry.address() + "/team/tunnelled:1");
    assertTrue(output.contains("pushed " + digest + "\n"), output);
    assertTrue(output.contains("pulled " + digest + "\n"), output);
    assertTrue(
        guarded.requests().contains("CONNECT " + byProxyName() + " HTTP/1.1"),
        guarded.requests().toString());
  }
}
