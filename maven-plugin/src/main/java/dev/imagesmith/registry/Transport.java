package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request to a registry as an operation sees it, over the {@link Wire}: at the address the
 * {@link SchemeProbe} found, with the {@code Authorization} the {@link Authenticator} gives for
 * each hop (none once a hop leaves the registry's {@code host:port}, N3), once more after a 401
 * that renewed the challenge, and with redirects of GET and HEAD followed by hand: at most 10,
 * never from https to http, never to an address the {@link AddressPolicy} refuses ({@link
 * RedirectTarget}, N4). A status worth retrying is thrown as {@link Retrying.RetryableStatus};
 * every other response is the caller's.
 */
final class Transport {
  private static final int MAX_REDIRECTS = 10;

  private final String registry;
  private final SchemeProbe probe;
  private final Authenticator auth;
  private final Wire wire;

  Transport(String registry, SchemeProbe probe, Authenticator auth, Wire wire) {
    this.registry = registry;
    this.probe = probe;
    this.auth = auth;
    this.wire = wire;
  }

  String registry() {
    return registry;
  }

  Authenticator auth() {
    return auth;
  }

  /** {@code https://host:port} or, where allowed, {@code http://host:port}. */
  URI base() throws IOException {
    return probe.base();
  }

  /**
   * Sends {@code method uri} and follows it to the answer an operation can use.
   *
   * @param body a fresh body for each hop, or {@code null} for none
   */
  HttpResponse<InputStream> send(
      String method,
      URI uri,
      Map<String, String> headers,
      Supplier<BodyPublisher> body,
      Scope scope)
      throws IOException {
    URI current = uri;
    boolean renewed = false;
    for (int hop = 0; ; ) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .timeout(Duration.ofMinutes(10))
              .method(method, body == null ? BodyPublishers.noBody() : body.get());
      headers.forEach(request::header);
      auth.authorization(current, scope).ifPresent(value -> request.header("Authorization", value));
      HttpResponse<InputStream> response = wire.send(request.build());
      int status = response.statusCode();
      if (status == 401 && !renewed && auth.renew(response, current, scope)) {
        // Token expired or scope grew (N2), or a registry open at /v2/ guards the repository:
        // one fresh challenge, then the request once more.
        response.body().close();
        renewed = true;
        continue;
      }
      Retrying.throwIfRetried(response);
      if (status < 300 || status >= 400 || response.headers().firstValue("Location").isEmpty()) {
        return response;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        return response;
      }
      String operation = "repository " + scope.repository() + ": " + method + " " + uri.getPath();
      if (++hop > MAX_REDIRECTS) {
        response.body().close();
        throw new UserInputException(
            "registry "
                + registry
                + ", "
                + operation
                + ": more than "
                + MAX_REDIRECTS
                + " redirects");
      }
      String location = response.headers().firstValue("Location").get();
      response.body().close();
      // Checked before any connection: the target is the registry's choice (N4, SSRF).
      current = RedirectTarget.check(registry, operation, current, location, AddressPolicy.DNS);
    }
  }
}
