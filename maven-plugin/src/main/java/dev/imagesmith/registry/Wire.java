package dev.imagesmith.registry;

import dev.imagesmith.io.LimitedBody;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One request and its response, nothing followed: the JDK client with the options' TLS trust,
 * redirects left to the caller, and every body read under the options' {@link TransferLimits}
 * ({@link LimitedBody}), so a server that sends the headers and then stalls is stopped after the
 * idle timeout (R13). Sizes are the descriptors' to check. What names the request in an error
 * passes through {@link Redaction} (a storage URL is signed).
 */
final class Wire {
  private final HttpClient http;
  private final TransferLimits limits;

  Wire(RegistryOptions options) {
    this.limits = options.transfers().withMaxBytes(Long.MAX_VALUE);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30));
    if (options.sslContext() != null) {
      builder.sslContext(options.sslContext());
    }
    this.http = builder.build();
  }

  HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return http.send(
          request,
          LimitedBody.handler(limits, request.method() + " " + Redaction.url(request.uri())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted: " + request.method() + " " + Redaction.url(request.uri()));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }
}
