package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Where a registry answers, found once per client with {@code GET /v2/}: HTTPS first; plain HTTP
 * only for a registry listed as insecure or on loopback, and only after HTTPS failed at the TLS
 * level, never because of a certificate we do not trust (N15). The same request proves the server
 * speaks the registry API and tells how it wants credentials: its challenge goes to the {@link
 * Authenticator}.
 */
final class SchemeProbe {
  private final String registry;
  private final boolean plainHttpAllowed;
  private final Wire wire;
  private final Retrying retrying;
  private final Authenticator auth;
  private final BuildLog log;
  private volatile URI base;

  /**
   * @param plainHttpAllowed whether the registry may be reached over plain HTTP (loopback or listed
   *     in {@code <insecureRegistries>})
   */
  SchemeProbe(
      String registry,
      boolean plainHttpAllowed,
      Wire wire,
      Retrying retrying,
      Authenticator auth,
      BuildLog log) {
    this.registry = registry;
    this.plainHttpAllowed = plainHttpAllowed;
    this.wire = wire;
    this.retrying = retrying;
    this.auth = auth;
    this.log = log;
  }

  /** The scheme and address: {@code https://host:port}, or {@code http://} where allowed. */
  URI base() throws IOException {
    URI known = base;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (base != null) {
        return base;
      }
      URI https = URI.create("https://" + registry);
      URI plain = URI.create("http://" + registry);
      if (RegistryRef.isLoopback(registry)) {
        // On this machine plain HTTP is allowed, so ask it first: a TLS-only registry refuses
        // plain requests at once, while a plain server may never answer a TLS handshake.
        Optional<AuthChallenge> answered = plainPing(plain);
        if (answered.isPresent()) {
          auth.challenged(answered.get().scheme().isEmpty() ? null : answered.get());
          base = plain;
          return base;
        }
      }
      try {
        auth.challenged(ping(https));
        base = https;
      } catch (SSLException e) {
        // A certificate we do not trust is never a reason to drop TLS (N15); only a server that
        // does not speak TLS at all is, and only where plain HTTP is allowed.
        if (e instanceof SSLHandshakeException || !plainHttpAllowed) {
          throw new UserInputException(
              "registry "
                  + registry
                  + ": TLS failed ("
                  + e.getMessage()
                  + "). Trust the registry's certificate (a JVM trust store given with"
                  + " -Djavax.net.ssl.trustStore in MAVEN_OPTS), or, for a registry without TLS,"
                  + " list it in "
                  + ConfigPaths.POM.insecureRegistries());
        }
        auth.challenged(ping(plain));
        base = plain;
        log.info("registry " + registry + ": using plain HTTP (no TLS spoken there)");
      }
      return base;
    }
  }

  /** {@code GET /v2/}: the challenge of a guarded registry, {@code null} for an open one. */
  private AuthChallenge ping(URI root) throws IOException {
    return retrying.run(
        "(none)",
        "ping " + root.getScheme(),
        () -> {
          HttpRequest request =
              HttpRequest.newBuilder(URI.create(root + "/v2/"))
                  .timeout(Duration.ofMinutes(1))
                  .GET()
                  .build();
          HttpResponse<InputStream> response = wire.send(request);
          try (InputStream ignored = response.body()) {
            Retrying.throwIfRetried(response);
            if (response.statusCode() == 401) {
              return AuthChallenge.parse(
                  response.headers().firstValue("WWW-Authenticate").orElse(null));
            }
            if (response.statusCode() != 200) {
              throw new UserInputException(
                  "registry "
                      + registry
                      + ": "
                      + root
                      + "/v2/ answered HTTP "
                      + response.statusCode()
                      + "; this is not an OCI/Docker registry (API v2)");
            }
            return null;
          }
        });
  }

  /**
   * A plain-HTTP {@code GET /v2/} on loopback: the challenge (a scheme-less one for "open") when a
   * registry answered, empty when only TLS is spoken there.
   */
  private Optional<AuthChallenge> plainPing(URI root) {
    try {
      AuthChallenge answer = ping(root);
      return Optional.of(answer == null ? new AuthChallenge("", Map.of()) : answer);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
