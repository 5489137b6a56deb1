package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.LimitedBody;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.net.NetworkFailure;
import dev.imagesmith.net.Proxies;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One request and its response, nothing followed: the JDK client with the options' TLS trust and
 * {@link Proxies}, redirects left to the caller, and every body read under the options' {@link
 * TransferLimits} ({@link LimitedBody}), so a server that sends the headers and then stalls is
 * stopped after the idle timeout (R13). Sizes are the descriptors' to check. What names the request
 * in an error passes through {@link Redaction} (a storage URL is signed).
 *
 * <p>A host no DNS answers and a proxy that wants credentials end the operation at once, worded
 * ({@link NetworkFailure}): no retry makes them work. Each request is logged at debug level ({@code
 * mvn -X}) with its answer and time.
 */
final class Wire {
  private final String registry;
  private final HttpClient http;
  private final TransferLimits limits;
  private final Proxies proxies;
  private final BuildLog log;

  Wire(String registry, RegistryOptions options, BuildLog log) {
    this.registry = registry;
    this.limits = options.transfers().withMaxBytes(Long.MAX_VALUE);
    this.proxies = options.proxies();
    this.log = log;
    HttpClient.Builder builder =
        proxies
            .configure(HttpClient.newBuilder())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30));
    if (options.sslContext() != null) {
      builder.sslContext(options.sslContext());
    }
    this.http = builder.build();
  }

  HttpResponse<InputStream> send(HttpRequest asked) throws IOException {
    HttpRequest request = proxies.withCredentials(asked);
    String shown = request.method() + " " + Redaction.url(request.uri());
    long started = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, LimitedBody.handler(limits, shown));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + shown);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof IOException io) {
        throw worded(io, request);
      }
      throw e;
    } catch (IOException e) {
      throw worded(e, request);
    }
    log.debug(
        "registry "
            + registry
            + ": "
            + shown
            + " -> HTTP "
            + response.statusCode()
            + " ("
            + (System.nanoTime() - started) / 1_000_000
            + " ms"
            + proxies.forTarget(request.uri()).map(p -> ", through the " + p).orElse("")
            + ")");
    if (response.statusCode() == 407) {
      if (response.body() != null) { // none when the proxy refused a tunnel
        response.body().close();
      }
      throw new UserInputException(
          "registry "
              + registry
              + ": "
              + NetworkFailure.proxyAuthentication(request.uri(), proxies).getMessage());
    }
    return response;
  }

  /** {@code failure} as the user's mistake when it is one, else as it is (and maybe retried). */
  private IOException worded(IOException failure, HttpRequest request) {
    if (failure instanceof InterruptedIOException) {
      return failure;
    }
    Optional<NetworkFailure> known = NetworkFailure.of(failure, request.uri(), proxies);
    if (known.isPresent()) {
      throw new UserInputException("registry " + registry + ": " + known.get().getMessage());
    }
    return failure;
  }
}
