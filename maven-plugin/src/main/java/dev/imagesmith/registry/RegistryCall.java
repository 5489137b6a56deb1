package dev.imagesmith.registry;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an attempt of an {@link Endpoint} works with: requests below {@code /v2/<repository>/} over
 * the {@link Transport}, with the endpoint's {@link Scope}, and the words of its failures. Each
 * names registry, repository and operation; a failed status says what to do about it ({@link
 * RegistryErrors}), with the registry's own error body when there is one, read with a cap (N16).
 */
final class RegistryCall {
  private static final int MAX_ERROR_BODY = 8 * 1024;

  private final Transport transport;
  private final String repository;
  private final String operation;
  private final Scope scope;

  RegistryCall(Transport transport, Endpoint<?> endpoint) {
    this.transport = transport;
    this.repository = endpoint.repository();
    this.operation = endpoint.operation();
    this.scope = endpoint.scope();
  }

  /**
   * {@code method /v2/<repository>/<path>} at the registry.
   *
   * @param path below the repository, with its query: {@code blobs/uploads/?mount=..}
   * @param body a fresh body for each hop, or {@code null} for none
   */
  HttpResponse<InputStream> send(
      String method, String path, Map<String, String> headers, Supplier<BodyPublisher> body)
      throws IOException {
    URI uri = URI.create(transport.base() + "/v2/" + repository + "/" + path);
    return send(method, uri, headers, body);
  }

  /** {@code method uri}, a URI the registry gave (an upload's {@code Location}). */
  HttpResponse<InputStream> send(
      String method, URI uri, Map<String, String> headers, Supplier<BodyPublisher> body)
      throws IOException {
    return transport.send(method, uri, headers, body, scope);
  }

  /** The registry's address: {@code https://host:port}, or {@code http://} where allowed. */
  URI base() throws IOException {
    return transport.base();
  }

  String registry() {
    return transport.registry();
  }

  /**
   * {@code registry host:port, repository team/app: pull blob sha256:..}: the head of a message.
   */
  String where() {
    return "registry " + transport.registry() + ", repository " + repository + ": " + operation;
  }

  /** Returns on a 2xx; else throws the error for the status, with the registry's own words. */
  void requireSuccess(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String body = "HEAD".equals(response.request().method()) ? "" : errorBody(response);
    Authenticator auth = transport.auth();
    if (status == 401 && auth.grantedTooLittle(response)) {
      // The token service knew the user but granted too little: "wants credentials" would mislead.
      throw RegistryErrors.insufficientScope(
          transport.registry(), repository, operation, auth.credentialHint());
    }
    throw failed(status, body);
  }

  /** The registry's own words on a failed answer, read with a cap (N16). */
  String errorBody(HttpResponse<InputStream> response) throws IOException {
    return new String(response.body().readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
  }

  /** The error for an answer with {@code status} that the operation cannot use. */
  RuntimeException failed(int status, String body) {
    return RegistryErrors.status(
        transport.registry(),
        repository,
        operation,
        status,
        body,
        transport.auth().credentialHint());
  }

  /** The {@code Docker-Content-Digest} the registry reports, or empty when it reports none. */
  Optional<Digest> reportedDigest(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Docker-Content-Digest")
        .map(d -> Digest.parse(d, where() + " Docker-Content-Digest"));
  }
}
