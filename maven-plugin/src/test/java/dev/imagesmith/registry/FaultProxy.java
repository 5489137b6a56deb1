package dev.imagesmith.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A reverse proxy of our own between client and registry that injects faults (security-cases.md N8,
 * N9, N10): a scripted answer for the next request matching a rule, then honest forwarding. Upload
 * {@code Location}s are rewritten to the proxy so that clients stay on it.
 */
final class FaultProxy implements AutoCloseable {
  /** What to do to a matching request. */
  enum Fault {
    /** Answer 500 without asking the registry. */
    STATUS_500,
    /** Answer 503 without asking the registry. */
    STATUS_503,
    /** Answer 429 with {@code Retry-After: 1}. */
    TOO_MANY_REQUESTS,
    /** Forward, then send half the body under the full Content-Length and drop the connection. */
    TRUNCATE,
    /** Forward, then flip one byte of the body. */
    CORRUPT,
    /**
     * Forward, then send the headers and the body's first byte, and one more byte every 2 s: a
     * stalled registry or storage (R13).
     */
    TRICKLE,
    /** Forward, sending the body in four pieces 300 ms apart: a slow transfer (progress lines). */
    SLOW,
    /**
     * Answer 400 with a body that echoes the request's {@code Authorization} header, as some
     * servers' error pages do (the catalogue's class S).
     */
    ECHO_AUTHORIZATION,
    /**
     * Answer 400 {@code MANIFEST_BLOB_UNKNOWN} without asking the registry, as docker-registry does
     * for a moment when two pushers have just committed the same blob.
     */
    BLOB_NOT_YET_LINKED
  }

  private record Rule(Predicate<String> matches, Fault fault) {}

  private record Redirect(String needle, String authority) {}

  private static final Set<String> HOP_HEADERS =
      Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade");

  private final HttpServer server;
  private final String upstream;
  private final HttpClient client = HttpClient.newHttpClient();
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Rule> once = new ConcurrentLinkedQueue<>();
  private final List<Rule> always = new CopyOnWriteArrayList<>();
  private final List<Redirect> redirects = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  FaultProxy(String upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // A trickling answer must not hold up the next request (the default runs handlers in turn).
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next request whose "METHOD path" contains {@code needle} gets {@code fault}. */
  FaultProxy once(String needle, Fault fault) {
    once.add(new Rule(line -> line.contains(needle), fault));
    return this;
  }

  /** Every request whose "METHOD path" contains {@code needle} gets {@code fault}. */
  FaultProxy always(String needle, Fault fault) {
    always.add(new Rule(line -> line.contains(needle), fault));
    return this;
  }

  /**
   * Every request whose "METHOD path" contains {@code needle} is answered 307 to the same path on
   * {@code http://authority}, as registries send blob downloads to object storage (N4).
   */
  FaultProxy redirect(String needle, String authority) {
    redirects.add(new Redirect(needle, authority));
    return this;
  }

  private Fault faultFor(String line) {
    for (Rule rule : once) {
      if (rule.matches().test(line) && once.remove(rule)) {
        return rule.fault();
      }
    }
    return always.stream()
        .filter(r -> r.matches().test(line))
        .map(Rule::fault)
        .findFirst()
        .orElse(null);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    Fault fault = faultFor(line);
    requests.add(line + (fault == null ? "" : " <- " + fault));
    try (exchange) {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      for (Redirect redirect : redirects) {
        if (line.contains(redirect.needle())) {
          exchange
              .getResponseHeaders()
              .add("Location", "http://" + redirect.authority() + exchange.getRequestURI());
          exchange.sendResponseHeaders(307, -1);
          return;
        }
      }
      if (fault == Fault.STATUS_500 || fault == Fault.STATUS_503) {
        exchange.sendResponseHeaders(fault == Fault.STATUS_500 ? 500 : 503, -1);
        return;
      }
      if (fault == Fault.ECHO_AUTHORIZATION) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] echo =
            ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"bad request\",\"detail\":"
                    + "{\"Authorization\":\""
                    + authorization
                    + "\"}}]}\nrequest was: "
                    + line
                    + "\nAuthorization: "
                    + authorization
                    + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, echo.length);
        exchange.getResponseBody().write(echo);
        return;
      }
      if (fault == Fault.BLOB_NOT_YET_LINKED) {
        byte[] unknown =
            ("{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\","
                    + "\"message\":\"blob unknown to registry\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, unknown.length);
        exchange.getResponseBody().write(unknown);
        return;
      }
      if (fault == Fault.TOO_MANY_REQUESTS) {
        exchange.getResponseHeaders().add("Retry-After", "1");
        exchange.sendResponseHeaders(429, -1);
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create("http://" + upstream + exchange.getRequestURI()))
              .method(
                  exchange.getRequestMethod(),
                  requestBody.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> forward.header(name, v));
                }
              });
      HttpResponse<InputStream> response;
      try {
        response = client.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readAllBytes();
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")) {
                  return;
                }
                for (String value : values) {
                  exchange
                      .getResponseHeaders()
                      .add(name, value.replace("//" + upstream + "/", "//" + address() + "/"));
                }
              });
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        // Keep the registry's Content-Length: HEAD answers describe the blob.
        String length = response.headers().firstValue("Content-Length").orElse("0");
        exchange.getResponseHeaders().set("Content-Length", length);
        exchange.sendResponseHeaders(response.statusCode(), -1);
        return;
      }
      if (fault == Fault.CORRUPT && body.length > 0) {
        body[body.length / 2] ^= 0x55;
      }
      exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      if (fault == Fault.TRICKLE && body.length > 0) {
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < body.length; i++) {
          out.write(body[i]);
          out.flush(); // fails once the client hung up
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
        return;
      }
      if (fault == Fault.SLOW && body.length > 0) {
        OutputStream out = exchange.getResponseBody();
        for (int piece = 0; piece < 4; piece++) {
          out.write(
              body,
              body.length * piece / 4,
              body.length * (piece + 1) / 4 - body.length * piece / 4);
          out.flush();
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
        return;
      }
      if (body.length > 0) {
        OutputStream out = exchange.getResponseBody();
        if (fault == Fault.TRUNCATE) {
          out.write(body, 0, body.length / 2);
          out.flush();
          // Closing short of Content-Length makes the server drop the connection.
          throw new IOException("truncated on purpose");
        }
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
