package dev.imagesmith.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Another host (127.0.0.2: loopback, but not the registry's name) that a registry redirects blob
 * downloads to, like object storage. It serves blobs from an OCI layout's {@code blobs/sha256} and
 * records every request with the {@code Authorization} it carried, so tests can prove that no
 * credential or token left for it (security-cases.md N3, N4). Hostile mode answers 401 with a
 * Bearer challenge of its own, as an attacker fishing for the registry's token would.
 */
final class ForeignHost implements AutoCloseable {
  static final String HOST = "127.0.0.2";

  /** One request: "METHOD path" and its Authorization header, {@code null} when absent. */
  record Seen(String line, String authorization) {}

  private final HttpServer server;
  private final Path blobs;
  private final boolean hostile;
  final List<Seen> requests = new CopyOnWriteArrayList<>();

  ForeignHost(Path layout, boolean hostile) throws IOException {
    this.blobs = layout.resolve("blobs/sha256");
    this.hostile = hostile;
    this.server = HttpServer.create(new InetSocketAddress(HOST, 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String address() {
    return HOST + ":" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(
          new Seen(
              exchange.getRequestMethod() + " " + path,
              exchange.getRequestHeaders().getFirst("Authorization")));
      if (hostile) {
        exchange
            .getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Bearer realm=\"http://"
                    + address()
                    + "/token\",service=\"evil\",scope=\"repository:x:pull\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      int colon = path.lastIndexOf("sha256:");
      Path blob = colon < 0 ? null : blobs.resolve(path.substring(colon + 7));
      if (blob == null || !Files.isRegularFile(blob)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = Files.readAllBytes(blob);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
