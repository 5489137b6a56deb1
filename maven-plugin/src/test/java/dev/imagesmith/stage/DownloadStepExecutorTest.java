package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadStepExecutorTest {
  private static final byte[] CONTENT = "tool release 1.0\n".getBytes(StandardCharsets.UTF_8);
  private static final String SHA256 = Digest.ofBytes(CONTENT).encoded();
  private static final String WHERE = "stages/stage[1]/steps/download[1]";

  @TempDir Path temp;
  private Path cacheDirectory;
  private Sandbox sandbox;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws IOException {
    cacheDirectory = temp.resolve("cache");
    sandbox = Sandbox.create(temp.resolve("stage"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/files/tool.tar.gz",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, CONTENT.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(CONTENT);
          }
        });
    server.createContext(
        "/slow/tool.tar.gz",
        exchange -> {
          // The same bytes in four pieces with pauses: a transfer that takes about a second.
          exchange.sendResponseHeaders(200, CONTENT.length);
          try (OutputStream body = exchange.getResponseBody()) {
            int piece = (CONTENT.length + 3) / 4;
            for (int start = 0; start < CONTENT.length; start += piece) {
              body.write(CONTENT, start, Math.min(piece, CONTENT.length - start));
              body.flush();
              sleep(250);
            }
          }
        });
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/files/tool.tar.gz");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/signed",
        exchange -> {
          // As a download service sends a client on to a signed URL in its storage.
          exchange
              .getResponseHeaders()
              .add("Location", "/missing/tool.tar.gz?X-Amz-Signature=SECRETSIG&part=1");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/missing",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI http(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void download(URI url, String sha256, String target, boolean offline) throws IOException {
    new DownloadStepExecutor(new DownloadCache(cacheDirectory), offline)
        .execute(
            new StepSpec.Download(url, sha256, target, WHERE),
            new StepContext("builder", sandbox, log));
  }

  private Path cacheEntry() {
    return cacheDirectory.resolve("downloads/sha256/" + SHA256);
  }

  private List<Path> cacheFiles() throws IOException {
    Path directory = cacheDirectory.resolve("downloads/sha256");
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  @Test
  void download_slowTransfer_saysHowFarItIsWhileRunning_thenTheTotal() throws IOException {
    URI url = http("/slow/tool.tar.gz");
    new DownloadStepExecutor(
            new DownloadCache(cacheDirectory),
            false,
            dev.imagesmith.io.TransferLimits.DEFAULT,
            dev.imagesmith.net.Proxies.NONE,
            java.time.Duration.ofMillis(100))
        .execute(
            new StepSpec.Download(url, SHA256, "/tool", WHERE),
            new StepContext("builder", sandbox, log));

    List<String> running =
        log.infos.stream().filter(line -> line.startsWith("  ... downloading " + url)).toList();
    assertTrue(!running.isEmpty(), "progress lines while the bytes come: " + log.infos);
    assertTrue(running.get(0).matches(".*: [0-9.]+ [kM]?B, .*/s"), running.get(0));
    String last = log.infos.get(log.infos.size() - 1);
    assertTrue(
        last.matches(
            "downloaded "
                + java.util.regex.Pattern.quote(url.toString())
                + " \\("
                + CONTENT.length
                + " B at [0-9.]+ [kMG]?B/s\\)"),
        last);
    assertTrue(
        log.infos.stream().noneMatch(line -> line.chars().anyMatch(c -> c < 0x20)),
        "no control characters in a CI log");
  }

  @Test
  void download_fileUrl_placedInStageAndCached() throws IOException {
    Path source = Files.write(temp.resolve("tool.bin"), CONTENT);

    download(source.toUri(), SHA256, "/opt/tool/tool.bin", false);

    Path placed = sandbox.hostPath("/opt/tool/tool.bin");
    assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(placed));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(placed)));
    assertEquals(List.of(cacheEntry()), cacheFiles());
  }

  @Test
  void download_http_intoDirectoryNamedAfterUrl() throws IOException {
    download(http("/files/tool.tar.gz"), "sha256:" + SHA256.toUpperCase(), "/downloads/", false);

    assertTrue(Files.isRegularFile(sandbox.hostPath("/downloads/tool.tar.gz")));
    assertEquals(1, requests.get());
  }

  @Test
  void download_httpRedirect_followed() throws IOException {
    download(http("/moved"), SHA256, "/tool", false);

    assertEquals(
        new String(CONTENT, StandardCharsets.UTF_8), Files.readString(sandbox.hostPath("/tool")));
  }

  @Test
  void download_cacheHit_needsNoServer() throws IOException {
    download(http("/files/tool.tar.gz"), SHA256, "/first", false);
    server.stop(0);

    download(http("/files/tool.tar.gz"), SHA256, "/second", false);
    download(http("/files/tool.tar.gz"), SHA256, "/third", true);

    assertEquals(1, requests.get());
    assertTrue(Files.isRegularFile(sandbox.hostPath("/second")));
    assertTrue(Files.isRegularFile(sandbox.hostPath("/third")));
  }

  @Test
  void download_corruptCacheEntry_replaced() throws IOException {
    Files.createDirectories(cacheEntry().getParent());
    Files.writeString(cacheEntry(), "bit rot");

    download(http("/files/tool.tar.gz"), SHA256, "/tool", false);

    assertEquals(1, requests.get());
    assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(cacheEntry()));
    assertEquals(
        new String(CONTENT, StandardCharsets.UTF_8), Files.readString(sandbox.hostPath("/tool")));
    assertEquals(1, log.warnings.size(), () -> log.warnings.toString());
  }

  @Test
  void download_digestMismatch_namesUrlAndDigestsAndLeavesNothing() {
    String wrong = "0".repeat(64);
    URI url = http("/files/tool.tar.gz");

    UserInputException e =
        assertThrows(UserInputException.class, () -> download(url, wrong, "/tool", false));

    assertTrue(e.getMessage().startsWith(WHERE + ": " + url), e::getMessage);
    assertTrue(e.getMessage().contains("has sha256 " + SHA256), e::getMessage);
    assertTrue(e.getMessage().contains("expects " + wrong), e::getMessage);
    assertFalse(Files.exists(sandbox.hostPath("/tool")));
    assertNoCacheFiles();
  }

  private void assertNoCacheFiles() {
    try {
      assertEquals(List.of(), cacheFiles(), "no temporary or cached file left");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void download_offlineMiss_namesUrl() {
    URI url = http("/files/tool.tar.gz");

    UserInputException e =
        assertThrows(UserInputException.class, () -> download(url, SHA256, "/tool", true));

    assertTrue(
        e.getMessage()
            .startsWith(WHERE + ": " + url + " (sha256 " + SHA256 + ") is not in the cache"),
        e::getMessage);
    assertTrue(e.getMessage().contains("Maven is offline"), e::getMessage);
    assertEquals(0, requests.get());
  }

  @Test
  void download_httpError_namesUrlAndStatus() {
    URI url = http("/missing");

    UserInputException e =
        assertThrows(UserInputException.class, () -> download(url, SHA256, "/tool", false));

    assertEquals(
        WHERE + ": GET " + url + " failed with HTTP status 404; check the URL", e.getMessage());
  }

  @Test
  void download_httpErrorAfterARedirect_namesTheUrlThatAnswered_andTheOneAsked_secretsMasked() {
    URI url = http("/signed?token=SECRETTOKEN");

    UserInputException e =
        assertThrows(UserInputException.class, () -> download(url, SHA256, "/tool", false));

    assertEquals(
        WHERE
            + ": GET "
            + http("/missing/tool.tar.gz?X-Amz-Signature=***&part=1")
            + " (redirected from "
            + http("/signed?token=***")
            + ") failed with HTTP status 404; check the URL",
        e.getMessage());
  }

  @Test
  void download_badSha256_rejectedBeforeFetching() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> download(http("/files/tool.tar.gz"), "abc", "/tool", false));

    assertTrue(e.getMessage().contains("is not 64 hex digits"), e::getMessage);
    assertEquals(0, requests.get());
  }

  @Test
  void download_badUrls_clearUserErrors() {
    for (String url : List.of("ftp://example.org/tool", "file:relative/tool")) {
      UserInputException e =
          assertThrows(
              UserInputException.class, () -> download(URI.create(url), SHA256, "/t", false));
      assertTrue(e.getMessage().startsWith(WHERE + ": "), e::getMessage);
      assertTrue(e.getMessage().contains(url), e::getMessage);
    }
    URI missing = temp.resolve("missing").toUri();
    UserInputException e =
        assertThrows(UserInputException.class, () -> download(missing, SHA256, "/t", false));
    assertEquals(WHERE + ": " + missing + " does not exist or is not a file", e.getMessage());
  }

  @Test
  void P25_existingSymlinkAtTarget_replacedNotWrittenThrough() throws IOException {
    Path victim = Files.writeString(temp.resolve("victim"), "victim");
    Files.createSymbolicLink(sandbox.hostPath("/tool"), victim);
    Path source = Files.write(temp.resolve("tool.bin"), CONTENT);

    download(source.toUri(), SHA256, "../../tool", false);

    assertEquals("victim", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(sandbox.hostPath("/tool")));
  }
}
