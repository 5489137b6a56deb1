package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.testkit.LogLines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed test repository served over HTTP on loopback: a mirror URL that carries {@code
 * user:password@} (the catalogue's class S) and a mirror that stalls (class D).
 */
class DebianMirrorSecretsAndLimitsTest {
  private static final String PASSWORD = "mirror-pw-8c1e55";
  private static final String WHERE = "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]";
  @TempDir Path temp;
  private SignedRepository signed;
  private TestRepository repository;
  private HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile boolean trickle;
  private volatile boolean slow;
  private final LogLines log = new LogLines();

  @BeforeEach
  void serve() throws Exception {
    signed = SignedRepository.in(temp);
    repository = signed.repository();
    repository
        .add(new TestDeb("tool", "1.0", "amd64").file("usr/bin/tool", "tool"))
        .publish("amd64");
    Path root = temp.resolve("repo");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            if (slow && file.toString().endsWith(".deb")) {
              out.write(bytes, 0, 1);
              out.flush();
              Thread.sleep(400);
              out.write(bytes, 1, bytes.length - 1);
              return;
            }
            if (trickle && file.toString().endsWith(".deb")) {
              for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(5_000);
              }
            }
            out.write(bytes);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** {@code http://mirror:PASSWORD@127.0.0.1:PORT/}: the JDK does not send the user-info. */
  private URI mirror() {
    return URI.create(
        "http://mirror:" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** {@code packages} of {@code suite} from the mirror, signed by the test's key. */
  private DebianRequest request(List<String> packages, String suite) throws IOException {
    return new DebianRequest(
        packages,
        mirror(),
        suite,
        List.of("main"),
        "amd64",
        signed.keyring(),
        List.of(),
        false,
        temp.resolve("project/image-debian.lock"),
        WHERE);
  }

  private DebianReport install(
      List<String> packages, String suite, boolean offline, TransferLimits limits)
      throws IOException {
    DebianRequest request = request(packages, suite);
    return new DebianInstaller(
            temp.resolve("cache"),
            offline,
            temp.resolve("no-etc-apt"),
            new RepositoryClient(limits))
        .install(request, Sandbox.create(temp.resolve("stage")), log);
  }

  @Test
  void slowPackages_aLineEveryFewSecondsSaysHowFarTheFetchIs() throws Exception {
    slow = true;
    DebianRequest request = request(List.of("tool"), TestRepository.SUITE);
    new DebianInstaller(
            temp.resolve("cache"),
            false,
            temp.resolve("no-etc-apt"),
            new RepositoryClient(),
            java.time.Clock.systemUTC(),
            java.time.Duration.ofMillis(100))
        .install(request, Sandbox.create(temp.resolve("stage")), log);

    assertTrue(
        log.messages().stream()
            .anyMatch(
                line ->
                    line.matches("  \\.\\.\\. fetching 1 Debian package: [0-9.]+ [kM]?B, .*/s")),
        String.join("\n", log.messages()));
  }

  @Test
  void S4_mirrorUrlWithPassword_maskedInLogLockAndErrors() throws Exception {
    List<String> texts = new ArrayList<>();
    install(List.of("tool"), TestRepository.SUITE, false, TransferLimits.DEFAULT);
    texts.add(
        assertThrows(
                UserInputException.class,
                () ->
                    install(
                        List.of("no-such"), TestRepository.SUITE, false, TransferLimits.DEFAULT))
            .getMessage());
    texts.add(
        assertThrows(
                UserInputException.class,
                () -> install(List.of("tool"), "no-such-suite", false, TransferLimits.DEFAULT))
            .getMessage());
    texts.add(
        assertThrows(
                UserInputException.class,
                () -> install(List.of("x"), "offline-suite", true, TransferLimits.DEFAULT))
            .getMessage());
    String lock = Files.readString(temp.resolve("project/image-debian.lock"));
    texts.add(lock);
    texts.add(String.join("\n", log.messages()));

    String masked = "http://***@127.0.0.1:" + server.getAddress().getPort() + "/";
    for (String text : texts) {
      assertFalse(text.contains(PASSWORD), text);
    }
    assertTrue(lock.contains(" repository=" + masked + "]"), lock);
    assertTrue(
        log.messages().contains("  fetching " + masked + "dists/testing-suite/InRelease"),
        texts.get(4));
    assertTrue(texts.get(0).contains("(" + masked + " testing-suite main)"), texts.get(0));
    assertTrue(
        texts.get(1).startsWith(WHERE + ": " + masked + "dists/no-such-suite"), texts.get(1));
    assertTrue(
        texts.get(2).startsWith(WHERE + ": " + masked + "dists/offline-suite/InRelease is not in"),
        texts.get(2));
  }

  @Test
  void S4_lockKeyOfAMirrorWithPassword_sameAsWithAnotherPassword() throws Exception {
    install(List.of("tool"), TestRepository.SUITE, false, TransferLimits.DEFAULT);
    String lock = Files.readString(temp.resolve("project/image-debian.lock"));

    // The lock section is found again: a rotated password changes nothing the lock pins.
    RepositorySettings other =
        new RepositorySettings(
            URI.create("http://mirror:rotated@127.0.0.1:" + server.getAddress().getPort() + "/"),
            TestRepository.SUITE,
            List.of("main"),
            null,
            true);
    DebianRequest request =
        new DebianRequest(
            List.of("tool"), null, null, List.of(), "amd64", null, List.of(), false, null, WHERE);
    assertTrue(lock.contains("[" + other.lockKey(request) + "]"), lock);
  }

  @Test
  void D8_mirrorTricklesTheDeb_stoppedByIdleTimeout_nothingKeptOrInstalled() throws Exception {
    trickle = true;
    TransferLimits limits =
        new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(30), 64 << 20);

    UserInputException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () ->
                assertThrows(
                    UserInputException.class,
                    () -> install(List.of("tool"), TestRepository.SUITE, false, limits)));

    String deb =
        "http://***@127.0.0.1:"
            + server.getAddress().getPort()
            + "/"
            + TestRepository.poolPath(new TestDeb("tool", "1.0", "amd64"));
    assertEquals(
        WHERE
            + ": GET "
            + deb
            + ": no data for 2 s after 1 bytes; the server stalled; nothing of it was kept or"
            + " installed. The server stopped sending. Try again later or use another server; if"
            + " it is just slow, allow longer pauses with <downloads><idleTimeout> (property"
            + " image.download.idleTimeout)",
        e.getMessage());
    assertFalse(Files.exists(temp.resolve("stage/usr/bin/tool")));
    try (Stream<Path> files = Files.list(temp.resolve("cache/debian/sha256"))) {
      // The index is there (it came whole); no .deb, no temporary file.
      assertEquals(1, files.count());
    }
  }
}
