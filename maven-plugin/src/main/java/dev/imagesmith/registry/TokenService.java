package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The token service a registry's {@code Bearer} challenge names (the Docker token protocol): a GET
 * to the realm with the scopes, with basic credentials or anonymous, answered by a token. An
 * identity token from docker's config goes to the same service under the same rules, as an OAuth2
 * refresh-token grant (a form POST).
 *
 * <p>The realm is the registry's choice, so it is checked before any connection ({@link
 * TokenRealm}, N1): https unless it is on the registry's own host name and plain HTTP is allowed
 * there; basic credentials go to a plain-HTTP realm only on loopback (N15). The request follows no
 * redirect. The answer is read with a cap (N16); a busy service is retried like the registry (N8);
 * every token fetched is remembered as a secret, so it is masked wherever it shows.
 */
final class TokenService {
  /** Who asks, for the token service's audit log (the oauth.md spec wants a client_id). */
  private static final String OAUTH_CLIENT_ID = "imagesmith";

  private static final int MAX_ANSWER = 1024 * 1024;
  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private final String registry;
  private final boolean plainHttpAllowed;
  private final Login login;
  private final Wire wire;

  /**
   * @param plainHttpAllowed whether the registry may be reached over plain HTTP
   */
  TokenService(String registry, boolean plainHttpAllowed, Login login, Wire wire) {
    this.registry = registry;
    this.plainHttpAllowed = plainHttpAllowed;
    this.login = login;
    this.wire = wire;
  }

  /** A token for {@code scope} from the service {@code bearer} names. */
  String token(AuthChallenge bearer, Scope scope) throws IOException {
    String realm = bearer.parameters().get("realm");
    if (realm == null) {
      throw new UserInputException("registry " + registry + ": bearer challenge without a realm");
    }
    // Validated before any connection: the realm is the registry's choice (N1, TokenRealm).
    URI realmUri = TokenRealm.check(registry, realm, plainHttpAllowed, AddressPolicy.DNS);
    boolean https = "https".equals(realmUri.getScheme());
    // Over plain HTTP the password goes to loopback only, as to the registry itself (N15).
    Optional<RegistryCredential> sent =
        https || RegistryRef.isLoopback(registry) ? login.credential() : Optional.empty();
    String service = bearer.parameters().get("service");
    boolean identityToken = sent.isPresent() && sent.get().identityToken();
    HttpRequest request =
        identityToken
            ? refreshTokenGrant(realmUri, service, scope.tokenScopes(), sent.get().secret())
            : tokenRequest(realm, service, scope.tokenScopes(), sent);
    HttpResponse<InputStream> response = wire.send(request);
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_ANSWER);
    }
    int status = response.statusCode();
    if (status >= 300 && status < 400) {
      // Not followed: a redirect could lead the request, and the password with it, to an address
      // the realm check refused (N1). Real token services answer at their realm.
      throw new UserInputException(
          "registry "
              + registry
              + ": its token service "
              + Redaction.url(
                  realmUri.getScheme() + "://" + realmUri.getRawAuthority() + realmUri.getRawPath())
              + " answered HTTP "
              + status
              + " with a redirect to '"
              + Redaction.url(response.headers().firstValue("Location").orElse(""))
              + "'; token requests never follow redirects. The registry's token realm must be"
              + " the token service's final URL: ask the registry's operator to set it so");
    }
    // A token service that is busy or failing heals like the registry does (N8).
    Retrying.throwIfRetried(response);
    if (identityToken && (status == 400 || status == 401)) {
      throw refusedIdentityToken(scope, realmUri, status, bytes, sent.get());
    }
    if (status != 200) {
      throw RegistryErrors.status(
          registry,
          scope.repository(),
          "get token from token service " + hostPort(realmUri),
          status,
          new String(bytes, UTF8),
          login.hint());
    }
    JsonNode json = JsonTrees.parse(bytes);
    JsonNode token = json.hasNonNull("token") ? json.get("token") : json.get("access_token");
    if (token == null || !token.isTextual()) {
      throw new ImagesmithException(
          "registry " + registry + ": token service " + hostPort(realmUri) + " returned no token");
    }
    // Masked wherever it shows from now on: a registry may echo it in an error body.
    Redaction.rememberSecret(token.asText());
    return token.asText();
  }

  /** The GET of the token protocol, with basic credentials when there are any to send. */
  private static HttpRequest tokenRequest(
      String realm, String service, List<String> scopes, Optional<RegistryCredential> sent) {
    StringBuilder query = new StringBuilder();
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, UTF8));
    }
    for (String scope : scopes) {
      query
          .append(query.length() == 0 ? "" : "&")
          .append("scope=")
          .append(URLEncoder.encode(scope, UTF8));
    }
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(Duration.ofMinutes(1));
    sent.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
    return request.GET().build();
  }

  /**
   * The OAuth2 refresh-token grant of the Docker token protocol, for an identity token: a form POST
   * to the realm instead of a GET with basic auth. Source: distribution/distribution {@code
   * docs/spec/auth/oauth.md} ("Example refreshing an Access Token"): {@code grant_type}, {@code
   * service} and {@code client_id} required, the scopes as one space-separated {@code scope}. The
   * token travels in the body only, never in the URL, so no access log keeps it.
   */
  private static HttpRequest refreshTokenGrant(
      URI realm, String service, List<String> scopes, String refreshToken) {
    StringBuilder form =
        new StringBuilder("grant_type=refresh_token&client_id=").append(OAUTH_CLIENT_ID);
    if (service != null) {
      form.append("&service=").append(URLEncoder.encode(service, UTF8));
    }
    form.append("&scope=").append(URLEncoder.encode(String.join(" ", scopes), UTF8));
    form.append("&refresh_token=").append(URLEncoder.encode(refreshToken, UTF8));
    return HttpRequest.newBuilder(realm)
        .timeout(Duration.ofMinutes(1))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(form.toString(), UTF8))
        .build();
  }

  /**
   * OAuth2 answers a bad refresh token with 400 invalid_grant (RFC 6749 5.2), some services with
   * 401. The body is the server's words: the token is cut out should it be echoed.
   */
  private UserInputException refusedIdentityToken(
      Scope scope, URI realm, int status, byte[] body, RegistryCredential sent) {
    String said =
        RegistryErrors.abbreviate(new String(body, UTF8).replace(sent.secret(), Redaction.MASK));
    return new UserInputException(
        "registry "
            + registry
            + ", repository "
            + scope.repository()
            + ": the token service "
            + hostPort(realm)
            + " refused the identity token from "
            + sent.source()
            + " (HTTP "
            + status
            + (said.isEmpty() ? "" : ": " + said)
            + "). It has expired or was revoked: run docker login "
            + registry
            + " again");
  }

  /** {@code host[:port]} of {@code uri}, without any user-info. */
  private static String hostPort(URI uri) {
    return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
