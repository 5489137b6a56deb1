package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failing status names the URL that answered it, after the redirects that led there, and the URL
 * asked for, with user-info and signed query parameters masked on both: the message is what callers
 * that do not word their own (the Debian repository client) show the user.
 */
class UrlReaderStatusTest {
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/asked", redirect("/hop?sig=SECRETHOP"));
    server.createContext("/hop", redirect("/gone/file?X-Amz-Credential=SECRETCRED&v=2"));
    server.createContext(
        "/gone",
        exchange -> {
          exchange.sendResponseHeaders(410, -1);
          exchange.close();
        });
    server.start();
  }

  private static com.sun.net.httpserver.HttpHandler redirect(String location) {
    return exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    };
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String http(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private UrlReader.HttpStatusException fetch(String url) {
    UrlReader reader =
        new UrlReader(Duration.ofSeconds(5), Duration.ofSeconds(5), TransferLimits.DEFAULT);
    return assertThrows(
        UrlReader.HttpStatusException.class, () -> reader.open(URI.create(url)).close());
  }

  @Test
  void statusAfterRedirects_namesTheAnsweringUrl_andTheOneAsked_secretsMasked() {
    UrlReader.HttpStatusException e =
        fetch("http://user:SECRETPASS@127.0.0.1:" + server.getAddress().getPort() + "/asked");

    assertEquals(410, e.status());
    assertEquals(
        // A relative Location keeps the asked URL's user-info: masked too.
        "GET http://***@127.0.0.1:"
            + server.getAddress().getPort()
            + "/gone/file?X-Amz-Credential=***&v=2 (redirected from http://***@127.0.0.1:"
            + server.getAddress().getPort()
            + "/asked) failed with HTTP status 410",
        e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void statusWithoutRedirect_namesTheUrlOnce() {
    UrlReader.HttpStatusException e = fetch(http("/gone/file"));

    assertEquals("GET " + http("/gone/file") + " failed with HTTP status 410", e.getMessage());
  }
}
