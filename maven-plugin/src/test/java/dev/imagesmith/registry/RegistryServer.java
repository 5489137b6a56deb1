package dev.imagesmith.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code docker-registry} (distribution 2.x) on 127.0.0.1 and a free port, for tests: plain,
 * with htpasswd basic auth, with TLS on a self-signed certificate the test trusts, or with token
 * auth against a {@link TokenServer}. Its access log (combined format on stdout) is kept so tests
 * can prove what went over the wire. Public for the Maven side's credential tests.
 */
public final class RegistryServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  public static final String USER = "builder";
  public static final String PASSWORD = "s3cret-pass";

  public enum Mode {
    PLAIN,
    BASIC_AUTH,
    TLS,
    /** {@code auth: token:}, tokens from a {@link TokenServer}. */
    TOKEN
  }

  private final Process process;
  private final Path accessLog;
  private final String address;
  private final SSLContext trust;

  private RegistryServer(Process process, Path accessLog, String address, SSLContext trust) {
    this.process = process;
    this.accessLog = accessLog;
    this.address = address;
    this.trust = trust;
  }

  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY), "docker-registry is not installed (scripts/install-deps)");
  }

  public static RegistryServer start(Path dir, Mode mode) throws Exception {
    return start(dir, mode, null);
  }

  /** A registry that trusts the JWTs of {@code tokens} and sends clients to its realm. */
  static RegistryServer startWithTokens(Path dir, TokenServer tokens) throws Exception {
    return start(dir, Mode.TOKEN, tokens);
  }

  /**
   * A registry that trusts the JWTs of {@code tokens} but names {@code realm} in its challenges, as
   * a hostile or misconfigured registry would (security-cases.md N1).
   */
  static RegistryServer startWithRealm(Path dir, TokenServer tokens, String realm)
      throws Exception {
    return start(dir, Mode.TOKEN, tokens, realm);
  }

  private static RegistryServer start(Path dir, Mode mode, TokenServer tokens) throws Exception {
    return start(dir, mode, tokens, tokens == null ? null : tokens.realm());
  }

  private static RegistryServer start(Path dir, Mode mode, TokenServer tokens, String realm)
      throws Exception {
    return start(dir, mode, tokens, realm, null);
  }

  /**
   * A TLS registry whose certificate names {@code hostName} too, for clients that reach it by that
   * name (through a proxy that alone resolves it, say).
   */
  public static RegistryServer startTlsFor(Path dir, String hostName) throws Exception {
    return start(dir, Mode.TLS, null, null, hostName);
  }

  private static RegistryServer start(
      Path dir, Mode mode, TokenServer tokens, String realm, String hostName) throws Exception {
    assumeInstalled();
    Files.createDirectories(dir.resolve("storage"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    StringBuilder config =
        new StringBuilder(
            "version: 0.1\n"
                + "log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n"
                + "storage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("storage")
                + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: "
                + address
                + "\n");
    SSLContext trust = null;
    if (mode == Mode.TLS) {
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      selfSigned(
          dir,
          "/CN=" + (hostName == null ? "127.0.0.1" : hostName),
          key,
          cert,
          "-addext",
          "subjectAltName=IP:127.0.0.1" + (hostName == null ? "" : ",DNS:" + hostName));
      config.append("  tls:\n    certificate: ").append(cert).append("\n    key: ").append(key);
      config.append("\n");
      trust = trusting(cert);
    }
    if (mode == Mode.BASIC_AUTH) {
      Path htpasswd = dir.resolve("htpasswd");
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/htpasswd")),
          "htpasswd is not installed (apache2-utils, scripts/install-deps)");
      exec(dir, "htpasswd", "-Bbc", htpasswd.toString(), USER, PASSWORD);
      config
          .append("auth:\n  htpasswd:\n    realm: imagesmith-test\n    path: ")
          .append(htpasswd)
          .append("\n");
    }
    if (mode == Mode.TOKEN) {
      config
          .append("auth:\n  token:\n    realm: ")
          .append(realm)
          .append("\n    service: ")
          .append(TokenServer.SERVICE)
          .append("\n    issuer: ")
          .append(TokenServer.ISSUER)
          .append("\n    rootcertbundle: ")
          .append(tokens.certificate())
          .append("\n");
    }
    Path configFile = dir.resolve("config.yml");
    Files.writeString(configFile, config.toString());
    Path accessLog = dir.resolve("access.log");
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
            .redirectOutput(accessLog.toFile())
            .redirectError(dir.resolve("registry.log").toFile())
            .start();
    RegistryServer server = new RegistryServer(process, accessLog, address, trust);
    server.awaitReady(mode == Mode.TLS ? "https" : "http", dir);
    return server;
  }

  private void awaitReady(String scheme, Path dir) throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (trust != null) {
      builder.sslContext(trust);
    }
    HttpClient client = builder.build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(scheme + "://" + address + "/v2/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(
            "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
      }
      Thread.sleep(50);
    }
  }

  public String address() {
    return address;
  }

  /** Trusts exactly the test's self-signed certificate (TLS mode), else {@code null}. */
  public SSLContext trust() {
    return trust;
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** Access log lines so far. */
  public List<String> accessLog() throws IOException {
    return Files.readAllLines(accessLog, StandardCharsets.UTF_8);
  }

  /** Access log lines after the first {@code from} lines, e.g. those of one operation. */
  public List<String> accessLogSince(int from) throws IOException {
    List<String> all = accessLog();
    return all.subList(Math.min(from, all.size()), all.size());
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

  static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      store.setCertificateEntry(
          "test-registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /**
   * Makes an RSA key and a self-signed certificate for {@code subject}, valid two days, with
   * openssl.
   *
   * @param extra more arguments for {@code openssl req}, e.g. {@code -addext subjectAltName=..}
   */
  static void selfSigned(Path dir, String subject, Path key, Path cert, String... extra)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                subject));
    command.addAll(List.of(extra));
    command.addAll(List.of("-keyout", key.toString(), "-out", cert.toString()));
    exec(dir, command.toArray(new String[0]));
  }

  /**
   * The digest skopeo reads for {@code ref} from a registry on loopback (TLS not verified).
   *
   * @param flags more flags for {@code skopeo inspect}, e.g. {@code --creds user:password}
   */
  static String skopeoDigest(Path dir, String ref, String... flags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
    command.addAll(List.of(flags));
    command.addAll(List.of("--format", "{{.Digest}}", "docker://" + ref));
    return exec(dir, command.toArray(new String[0])).strip();
  }

  static String exec(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
