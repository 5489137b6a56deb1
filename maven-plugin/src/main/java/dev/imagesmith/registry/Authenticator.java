package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who we are to one registry: the challenge it sent ({@code WWW-Authenticate}, first from {@code
 * GET /v2/}) and the {@code Authorization} each request carries, basic credentials or a bearer
 * token from the {@link TokenService}, one token per {@link Scope}, kept for the client's life.
 *
 * <p>Credentials and tokens go only to the registry's own {@code host:port}, never to another host,
 * not even along a redirect (N3), and over plain HTTP only to loopback (N15). A 401 from the
 * registry earns one fresh challenge per request (an expired token, a scope that grew: N2), never a
 * loop; a 401 from another host earns nothing.
 */
final class Authenticator {
  private final String registry;
  private final Login login;
  private final TokenService tokens;
  private final Map<String, String> bearerTokens = new ConcurrentHashMap<>();
  private volatile AuthChallenge challenge;

  Authenticator(String registry, Login login, TokenService tokens) {
    this.registry = registry;
    this.login = login;
    this.tokens = tokens;
  }

  /** Which credential sources were asked and what they gave, for the hint of a 401 or 403. */
  String credentialHint() {
    return login.hint();
  }

  /** What {@code GET /v2/} asked for: its challenge, or {@code null} for an open registry. */
  void challenged(AuthChallenge answer) {
    challenge = answer;
  }

  /** The {@code Authorization} header for a request to {@code target}, or empty. */
  Optional<String> authorization(URI target, Scope scope) throws IOException {
    AuthChallenge current = challenge;
    if (current == null || credentialsNotAllowedTo(target)) {
      return Optional.empty();
    }
    if (current.isBasic()) {
      Optional<RegistryCredential> credential = login.credential();
      if (credential.isPresent() && credential.get().identityToken()) {
        // A refresh token is no password: it goes to a token service only.
        throw new UserInputException(
            "registry "
                + registry
                + " asks for a user name and password (basic auth), but "
                + credential.get().source()
                + " holds an identity token, which only a registry with a token service accepts."
                + " Log in with a password (docker login "
                + registry
                + "), or set the credentials in settings.xml or the POM's "
                + ConfigPaths.POM.auth());
      }
      return credential.map(RegistryCredential::basicAuthorization);
    }
    if (current.isBearer()) {
      String token = bearerTokens.get(scope.key());
      if (token == null) {
        token = tokens.token(current, scope);
        bearerTokens.put(scope.key(), token);
      }
      return Optional.of("Bearer " + token);
    }
    return Optional.empty();
  }

  /**
   * Whether a 401 from {@code target} is worth the request once more: the registry's own answer
   * with a bearer challenge (the token expired or the scope grew, N2), or with a basic one where
   * {@code /v2/} was open but the repository is guarded. If so the new challenge replaces the old
   * and the scope's token is forgotten.
   */
  boolean renew(HttpResponse<?> unauthorized, URI target, Scope scope) {
    if (!RegistryRef.isRegistryAuthority(registry, target)) {
      return false; // another host's challenge makes us fetch nothing (N3)
    }
    AuthChallenge fresh = challengeOf(unauthorized);
    boolean retry =
        fresh != null
            && (fresh.isBearer()
                || fresh.isBasic() && challenge == null && login.credential().isPresent());
    if (retry) {
      challenge = fresh;
      bearerTokens.remove(scope.key());
    }
    return retry;
  }

  /**
   * Whether a 401 says {@code insufficient_scope} although credentials were sent: the token service
   * knew the user but granted too little, so "wants credentials" would mislead.
   */
  boolean grantedTooLittle(HttpResponse<?> unauthorized) {
    AuthChallenge said = challengeOf(unauthorized);
    return login.credential().isPresent()
        && said != null
        && said.isBearer()
        && "insufficient_scope".equals(said.parameters().get("error"));
  }

  /** Credentials only to the registry itself, and over plain HTTP only on loopback (N15, N3). */
  private boolean credentialsNotAllowedTo(URI target) {
    return !RegistryRef.isRegistryAuthority(registry, target)
        || "http".equals(target.getScheme()) && !RegistryRef.isLoopback(registry);
  }

  private static AuthChallenge challengeOf(HttpResponse<?> response) {
    return AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
  }
}
