package dev.imagesmith.stage;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code download} URL with {@code user:password@} and a signed query (the catalogue's class S):
 * the log, at every level, and every error show it masked.
 */
class DownloadSecretsTest {
  private static final byte[] CONTENT = "tool release 1.0\n".getBytes(StandardCharsets.UTF_8);
  private static final String SHA256 = Digest.ofBytes(CONTENT).encoded();
  private static final String WHERE = "<stages>/<stage>[1] (builder)/<steps>/<download>[1]";
  private static final String PASSWORD = "pw-4f1c9e2b7a";
  private static final String SIGNATURE = "0b8e6c1d9f2a4e7b5c3d1f0a9e8d7c6b";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
  private static final String QUERY =
      "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101"
          + "&X-Amz-Security-Token="
          + TOKEN
          + "&X-Amz-Signature="
          + SIGNATURE;
  private static final String MASKED_QUERY =
      "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Security-Token=***"
          + "&X-Amz-Signature=***";

  @TempDir Path temp;
  private Sandbox sandbox;
  private HttpServer server;
  private final RecordingLog log = new RecordingLog();
  private final List<String> texts = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(temp.resolve("stage"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/files/tool.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, CONTENT.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(CONTENT);
          }
        });
    server.createContext(
        "/redirected",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/x" + QUERY);
          exchange.sendResponseHeaders(302, -1); // to a port where nothing listens
          exchange.close();
        });
    server.createContext(
        "/denied",
        exchange -> {
          exchange.sendResponseHeaders(403, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  /** {@code http://deploy:PASSWORD@127.0.0.1:PORT/path?signed}. */
  private URI signed(String path) {
    return URI.create(
        "http://deploy:" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort() + path + QUERY);
  }

  private String masked(String path) {
    return "http://***@127.0.0.1:" + server.getAddress().getPort() + path + MASKED_QUERY;
  }

  private void download(URI url, String sha256) throws IOException {
    new DownloadStepExecutor(new DownloadCache(temp.resolve("cache")), false)
        .execute(
            new StepSpec.Download(url, sha256, "/opt/tool.tar.gz", WHERE),
            new StepContext("builder", sandbox, log));
  }

  private void failing(URI url, String sha256) {
    texts.add(assertThrows(Exception.class, () -> download(url, sha256)).getMessage());
  }

  private void assertNoSecret() {
    texts.add(log.all());
    for (String text : texts) {
      for (String secret : List.of(PASSWORD, SIGNATURE, TOKEN, "AKIAEXAMPLE")) {
        assertFalse(text.contains(secret), () -> secret + " in: " + text);
      }
    }
  }

  @Test
  void S1_signedUrlWithUserInfo_maskedInLogAndErrors() throws IOException {
    download(signed("/files/tool.tar.gz"), SHA256); // works: the user-info is not sent
    failing(signed("/files/tool.tar.gz"), "0".repeat(64)); // wrong digest
    String uncached = "1".repeat(64);
    failing(signed("/missing"), uncached); // 404
    failing(signed("/redirected"), uncached); // redirect to a signed URL that fails
    failing(signed("/denied"), uncached); // 403
    download(signed("/files/tool.tar.gz"), SHA256); // from the cache: a debug line

    assertNoSecret();
    assertTrue(log.infos.contains("downloading " + masked("/files/tool.tar.gz")), log.all());
    assertTrue(log.debugs.get(0).startsWith("download " + masked("/files/tool.tar.gz")), log.all());
    assertTrue(texts.get(0).startsWith(WHERE + ": " + masked("/files/tool.tar.gz") + " has"));
    assertTrue(texts.get(1).contains("GET " + masked("/missing") + " failed with HTTP status 404"));
    assertTrue(
        texts.get(2).startsWith(WHERE + ": downloading " + masked("/redirected") + " failed: "),
        texts.get(2));
    assertTrue(
        texts.get(3).contains("the user name and password in the URL are not sent"), texts.get(3));
  }

  @Test
  void S1_signedUrlOffline_maskedInTheError() {
    texts.add(
        assertThrows(
                UserInputException.class,
                () ->
                    new DownloadStepExecutor(new DownloadCache(temp.resolve("cache")), true)
                        .execute(
                            new StepSpec.Download(
                                signed("/files/tool.tar.gz"), SHA256, "/opt/t", WHERE),
                            new StepContext("builder", sandbox, log)))
            .getMessage());
    texts.add(
        assertThrows(
                UserInputException.class,
                () ->
                    new DownloadStepExecutor(new DownloadCache(temp.resolve("cache")), false)
                        .execute(
                            new StepSpec.Download(signed("/files/x"), "abc", "/opt/t", WHERE),
                            new StepContext("builder", sandbox, log)))
            .getMessage());

    assertNoSecret();
    assertTrue(texts.get(0).startsWith(WHERE + ": " + masked("/files/tool.tar.gz")), texts.get(0));
  }
}
