package dev.imagesmith.testkit;

import dev.imagesmith.net.NonProxyHosts;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.net.ProxyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real forward proxy on 127.0.0.1 for tests: tinyproxy (Debian's {@code tinyproxy-bin}), with or
 * without Basic credentials, started in a mount namespace of its own ({@code unshare -r -m}, no
 * root needed) where {@code /etc/hosts} is a file of the test's. So the proxy resolves names that
 * nothing else on this machine can: a client that resolved a proxied target itself would fail,
 * exactly as behind a company proxy whose network only the proxy's DNS knows. Its log shows each
 * request it forwarded ({@code GET http://...}, {@code CONNECT host:port}); it never logs
 * credentials.
 */
public final class ForwardProxy implements AutoCloseable {
  /** A registry name that only the proxy resolves (to 127.0.0.1); {@code .test} is reserved. */
  public static final String ONLY_PROXY_KNOWS = "registry.only-proxy.test";

  /** The credentials of a proxy that asks for them. */
  public static final String USER = "proxy-user";

  public static final String PASSWORD = "proxy-s3cret-pass";

  private static final Path BINARY = Path.of("/usr/bin/tinyproxy");

  private final Process process;
  private final int port;
  private final Path log;

  private ForwardProxy(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Skips the test, saying why, where tinyproxy or an unprivileged mount namespace is missing. */
  public static void assumeAvailable() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY), "tinyproxy is not installed (scripts/install-deps)");
    Process probe =
        new ProcessBuilder("unshare", "-r", "-m", "true")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Assumptions.assumeTrue(
        probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "unshare -r -m is refused here (no unprivileged user namespaces)");
  }

  /**
   * Starts a proxy in {@code dir}.
   *
   * @param hosts the names only the proxy resolves, and their addresses
   * @param withCredentials whether it answers 407 to requests without {@link #USER} and {@link
   *     #PASSWORD}
   */
  public static ForwardProxy start(Path dir, Map<String, String> hosts, boolean withCredentials)
      throws IOException, InterruptedException {
    assumeAvailable();
    Files.createDirectories(dir);
    StringBuilder hostsFile = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
    hosts.forEach(
        (name, address) -> hostsFile.append(address).append(' ').append(name).append('\n'));
    Files.writeString(dir.resolve("hosts"), hostsFile);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("tinyproxy.log");
    Files.writeString(
        dir.resolve("tinyproxy.conf"),
        "Port "
            + port
            + "\nListen 127.0.0.1\nTimeout 600\nMaxClients 100\nLogLevel Info\nDisableViaHeader Yes"
            + "\nPidFile \""
            + dir.resolve("tinyproxy.pid")
            + "\"\nLogFile \""
            + log
            + "\"\n"
            + (withCredentials ? "BasicAuth " + USER + " " + PASSWORD + "\n" : ""));
    Process process =
        new ProcessBuilder(
                "unshare",
                "-r",
                "-m",
                "sh",
                "-c",
                "mount --bind \"$1\" /etc/hosts && exec \"$2\" -d -c \"$3\"",
                "sh",
                dir.resolve("hosts").toString(),
                BINARY.toString(),
                dir.resolve("tinyproxy.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tinyproxy.out").toFile())
            .start();
    ForwardProxy proxy = new ForwardProxy(process, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return proxy;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          proxy.close();
          throw new IllegalStateException(
              "tinyproxy did not start: " + Files.readString(dir.resolve("tinyproxy.out")));
        }
        Thread.sleep(20);
      }
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /**
   * Proxy settings that send HTTP and HTTPS through this proxy, with {@code user} and {@code
   * password} (or none when null), except for the hosts of {@code noProxy} (NO_PROXY syntax, or
   * null); {@code name} is where the settings came from, as errors print it.
   */
  public Proxies proxies(String name, String user, String password, String noProxy) {
    ProxyServer server =
        new ProxyServer(host(), port, user, password, NonProxyHosts.ofNoProxy(noProxy), name);
    return new Proxies(server, server);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return host() + ":" + port;
  }

  /** The requests the proxy was asked to forward so far ({@code CONNECT host:port HTTP/1.1}). */
  public List<String> requests() throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("Request (file descriptor"))
        .map(line -> line.substring(line.indexOf("):") + 2).trim())
        .toList();
  }

  /** The whole log, for failure messages. */
  public String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
