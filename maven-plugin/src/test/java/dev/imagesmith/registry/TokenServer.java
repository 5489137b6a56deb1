package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagesmith.io.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A Docker token service (the {@code realm} of a {@code Bearer} challenge) for tests, in front of a
 * real {@code docker-registry} configured with {@code auth: token:}. It issues RS256 JWTs signed by
 * a key that openssl made, with the self-signed certificate in the {@code x5c} header; the registry
 * trusts that certificate through its {@code rootcertbundle} (distribution's {@code
 * registry/auth/token/token.go}: issuer, audience = service, exp/nbf with 60 s leeway, x5c chain to
 * a root, signature).
 *
 * <p>Scriptable: which users and passwords it accepts, which actions anonymous callers get (Docker
 * Hub grants pull on public repositories), and how many useless (expired) tokens it issues before
 * good ones. Every request is recorded so tests can assert on the flow.
 */
final class TokenServer implements AutoCloseable {
  static final String SERVICE = "imagesmith-test-registry";
  static final String ISSUER = "imagesmith-test-token-issuer";

  /**
   * One request to the realm as it arrived, and what was answered.
   *
   * @param query the URL's query of a GET, the form body of an OAuth2 POST
   */
  record Request(
      String method, String path, String query, boolean basicAuth, String user, int status) {
    /** The scopes, decoded, in order: {@code scope} parameters, each space-separated (OAuth2). */
    List<String> scopes() {
      List<String> scopes = new ArrayList<>();
      for (String value : parameters("scope")) {
        scopes.addAll(List.of(value.split(" ")));
      }
      return scopes;
    }

    /** The first value of a query or form parameter, or null. */
    String parameter(String name) {
      List<String> values = parameters(name);
      return values.isEmpty() ? null : values.get(0);
    }

    String service() {
      return parameter("service");
    }

    private List<String> parameters(String name) {
      List<String> values = new ArrayList<>();
      if (query == null) {
        return values;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return values;
    }
  }

  private final HttpServer server;
  private final String host;
  private final Path certificate;
  private final PrivateKey key;
  private final String x5c;
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> userActions = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> refreshTokens = new ConcurrentHashMap<>();
  private volatile Set<String> anonymousActions = Set.of();
  private final AtomicInteger uselessTokens = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String redirect;
  private volatile int echoStatus;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private TokenServer(String host, Path certificate, PrivateKey key, X509Certificate cert)
      throws Exception {
    this.host = host;
    this.certificate = certificate;
    this.key = key;
    this.x5c = Base64.getEncoder().encodeToString(cert.getEncoded());
    this.server = HttpServer.create(new InetSocketAddress(host, 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  static void assumeOpensslInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")),
        "openssl is not installed (scripts/install-deps); it makes the token signing key");
  }

  /** A token service on {@code host} (127.0.0.1, or 127.0.0.2 as "another host"). */
  static TokenServer start(Path dir, String host) throws Exception {
    assumeOpensslInstalled();
    Files.createDirectories(dir);
    Path cert = dir.resolve("token-cert.pem");
    Path keyFile = dir.resolve("token-key.pem");
    RegistryServer.selfSigned(dir, "/CN=imagesmith test token issuer", keyFile, cert);
    X509Certificate x509;
    try (InputStream in = Files.newInputStream(cert)) {
      x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalStateException("openssl wrote no PKCS#8 key:\n" + pem);
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    return new TokenServer(host, cert, key, x509);
  }

  /** The realm URL for the registry's config. */
  String realm() {
    return "http://" + host + ":" + server.getAddress().getPort() + "/token";
  }

  /** {@code host:port}. */
  String address() {
    return host + ":" + server.getAddress().getPort();
  }

  /** The PEM certificate the registry must trust ({@code rootcertbundle}). */
  Path certificate() {
    return certificate;
  }

  /** Accepts {@code user} with {@code password} and grants it pull and push. */
  TokenServer accept(String user, String password) {
    return accept(user, password, "pull", "push");
  }

  /** Accepts {@code user} with {@code password} and grants it only {@code actions}. */
  TokenServer accept(String user, String password, String... actions) {
    users.put(user, password);
    userActions.put(user, Set.of(actions));
    return this;
  }

  /**
   * Accepts the OAuth2 refresh-token grant (a form POST, distribution's {@code
   * docs/spec/auth/oauth.md}) with {@code refreshToken}, as a docker {@code identitytoken}, and
   * grants it {@code actions}; any other refresh token is answered 400 {@code invalid_grant}.
   */
  TokenServer acceptRefreshToken(String refreshToken, String... actions) {
    refreshTokens.put(refreshToken, Set.of(actions));
    return this;
  }

  /** Actions granted to callers without credentials, e.g. {@code pull} for public images. */
  TokenServer anonymous(String... actions) {
    anonymousActions = Set.of(actions);
    return this;
  }

  /** The next {@code count} tokens are already expired, so the registry rejects them. */
  TokenServer uselessTokens(int count) {
    uselessTokens.set(count);
    return this;
  }

  /** The next {@code count} requests are answered 503, as by a token service that is failing. */
  TokenServer failing(int count) {
    failures.set(count);
    return this;
  }

  /** Every request is answered 302 to {@code location}, as by a hostile token service (N1). */
  TokenServer redirectTo(String location) {
    redirect = location;
    return this;
  }

  /**
   * Every request is answered {@code status} with a body that echoes its {@code Authorization}
   * header and query, as some token services' error pages do (the catalogue's class S).
   */
  TokenServer echoing(int status) {
    echoStatus = status;
    return this;
  }

  /** Forgets users, grants, scripted tokens and recorded requests. */
  void reset() {
    users.clear();
    userActions.clear();
    refreshTokens.clear();
    anonymousActions = Set.of();
    uselessTokens.set(0);
    failures.set(0);
    redirect = null;
    echoStatus = 0;
    requests.clear();
  }

  /** The requests after the first {@code from}. */
  List<Request> requestsSince(int from) {
    return List.copyOf(requests.subList(Math.min(from, requests.size()), requests.size()));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean basic = authorization != null && authorization.startsWith("Basic ");
      boolean oauth = method.equals("POST");
      if (oauth) {
        query = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      }
      String user = null;
      Set<String> granted = anonymousActions;
      int status = 200;
      if (oauth) {
        Request form = new Request(method, path, query, basic, null, 0);
        Set<String> actions =
            "refresh_token".equals(form.parameter("grant_type"))
                    && "application/x-www-form-urlencoded"
                        .equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    && form.parameter("client_id") != null
                ? refreshTokens.get(String.valueOf(form.parameter("refresh_token")))
                : null;
        if (actions == null || authorization != null) {
          // RFC 6749 5.2: a bad grant is 400 invalid_grant.
          requests.add(new Request(method, path, query, basic, null, 400));
          byte[] body = "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          return;
        }
        user = "identity";
        granted = actions;
      } else if (basic) {
        String pair =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        user = colon < 0 ? pair : pair.substring(0, colon);
        String password = colon < 0 ? "" : pair.substring(colon + 1);
        if (password.equals(users.get(user))) {
          granted = userActions.get(user);
        } else {
          status = 401;
        }
      } else if (authorization != null) {
        status = 401;
      }
      String location = redirect;
      if (location != null) {
        requests.add(new Request(method, path, query, basic, user, 302));
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      if (echoStatus != 0) {
        requests.add(new Request(method, path, query, basic, user, echoStatus));
        byte[] body =
            ("{\"error\":\"refused\",\"request\":{\"headers\":{\"Authorization\":\""
                    + authorization
                    + "\"},\"query\":\""
                    + query
                    + "\"}}\nAuthorization: "
                    + authorization
                    + "\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(echoStatus, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        requests.add(new Request(method, path, query, basic, user, 503));
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      Request request = new Request(method, path, query, basic, user, status);
      requests.add(request);
      if (status != 200) {
        byte[] body =
            "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token\"");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      boolean useless = uselessTokens.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
      String token = sign(claims(request.scopes(), granted, user, useless));
      ObjectNode answer = JsonTrees.newObject();
      // The OAuth2 answer names it access_token (oauth.md), the GET answer token.
      answer.put(oauth ? "access_token" : "token", token);
      answer.put("expires_in", 300);
      byte[] body = JsonTrees.compact(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (Exception e) {
      throw new IOException("token server failed", e);
    }
  }

  /** The claim set distribution checks: iss, aud = service, exp/nbf, and the granted access. */
  private ObjectNode claims(
      List<String> scopes, Set<String> granted, String user, boolean useless) {
    long now = Instant.now().getEpochSecond();
    // Far enough in the past to be outside distribution's 60 s leeway.
    long issued = useless ? now - 7200 : now;
    ObjectNode claims = JsonTrees.newObject();
    claims.put("iss", ISSUER);
    claims.put("sub", user == null ? "" : user);
    claims.put("aud", SERVICE);
    claims.put("exp", issued + 300);
    claims.put("nbf", issued - 10);
    claims.put("iat", issued);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) {
        continue;
      }
      Set<String> actions = new LinkedHashSet<>();
      for (String action : scope.substring(last + 1).split(",")) {
        if (granted.contains(action)) {
          actions.add(action);
        }
      }
      ObjectNode entry = access.addObject();
      entry.put("type", scope.substring(0, first));
      entry.put("name", scope.substring(first + 1, last));
      ArrayNode list = entry.putArray("actions");
      actions.forEach(list::add);
    }
    return claims;
  }

  private String sign(ObjectNode claims) throws Exception {
    ObjectNode header = JsonTrees.newObject();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.putArray("x5c").add(x5c);
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signed =
        url.encodeToString(JsonTrees.compact(header))
            + "."
            + url.encodeToString(JsonTrees.compact(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + url.encodeToString(rsa.sign());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
