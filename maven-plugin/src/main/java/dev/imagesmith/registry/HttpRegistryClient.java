package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.VerifyingInputStream;
import dev.imagesmith.io.LimitedBody;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link RegistryClient} on {@code java.net.http}. Transport rules (SECURITY-CASES.md §4):
 *
 * <ul>
 *   <li>HTTPS first; plain HTTP only for registries listed as insecure or on loopback, and only
 *       after HTTPS failed at the TLS level (N15). Credentials go over plain HTTP to loopback only.
 *   <li>Redirects are followed by hand (at most 10): never from https to http, never to an address
 *       the {@link AddressPolicy} refuses ({@link RedirectTarget}), and the {@code Authorization}
 *       header is dropped as soon as the host differs from the registry (N3, N4).
 *   <li>Upload locations must stay on the registry (N5). A bearer realm must be https unless it is
 *       on the registry's own host name (any port) and plain HTTP is allowed there; basic
 *       credentials go to a plain-HTTP realm only on loopback. A realm on another host may not be
 *       on a link-local, unspecified, multicast, loopback or private address ({@link TokenRealm},
 *       {@link AddressPolicy}); the token request follows no redirect (N1). A token goes only to
 *       the registry's own {@code host:port}, never to another host, not even along a redirect
 *       (N3). An identity token from docker's config goes to the same token service under the same
 *       rules, as an OAuth2 refresh-token grant (a form POST).
 *   <li>408, 429 and 5xx and I/O failures (resets, truncated bodies) are retried with backoff that
 *       honours {@code Retry-After} (N8, N9); a blob is downloaded again from the start.
 *   <li>Error and token bodies are read with a cap (N16).
 *   <li>Every body is read under the options' {@link TransferLimits} timeouts ({@link
 *       LimitedBody}): a registry or storage that sends the headers and then stalls is stopped
 *       after the idle timeout (R13), and the attempt is retried. Sizes are the descriptors' to
 *       check.
 *   <li>Error bodies, exception messages and URLs pass through {@link Redaction} before they reach
 *       an error or the log: a token service may echo the {@code Authorization} header, a storage
 *       URL is signed. Every token fetched is remembered as a secret.
 * </ul>
 */
final class HttpRegistryClient implements RegistryClient {
  private static final int MAX_REDIRECTS = 10;

  private static final int MAX_MANIFEST = 4 * 1024 * 1024;
  private static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST);
  private static final Set<String> MANIFEST_TYPES =
      Set.of(
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST);

  private final String registry;
  private final RegistryOptions options;
  private final BuildLog log;
  private final Wire wire;
  private final Retrying retrying;
  private final Authenticator auth;
  private final Transport transport;

  /**
   * @param credentialHint which credential sources were asked, for the hint of a 401
   */
  HttpRegistryClient(
      String registry,
      RegistryOptions options,
      Optional<RegistryCredential> credential,
      String credentialHint,
      BuildLog log) {
    this.registry = registry;
    this.options = options;
    this.log = log;
    this.wire = new Wire(options);
    this.retrying = new Retrying(registry, options, log);
    this.auth =
        new Authenticator(
            registry,
            credential,
            credentialHint,
            new TokenService(registry, mayUsePlainHttp(), credential, credentialHint, wire));
    this.transport =
        new Transport(
            registry,
            new SchemeProbe(registry, mayUsePlainHttp(), wire, retrying, auth, log),
            auth,
            wire);
  }

  @Override
  public String registry() {
    return registry;
  }

  // ---------------------------------------------------------------- operations

  @Override
  public Optional<Digest> manifestDigest(String repository, String tag) throws IOException {
    String op = "resolve tag " + tag;
    return retrying.run(
        repository,
        op,
        () -> {
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "HEAD",
                  path(repository, "manifests/" + tag),
                  Map.of("Accept", MANIFEST_ACCEPT),
                  null,
                  false);
          try (InputStream ignored = response.body()) {
            if (response.statusCode() == 404) {
              return Optional.empty();
            }
            requireSuccess(response, repository, op);
            return response
                .headers()
                .firstValue("Docker-Content-Digest")
                .map(d -> Digest.parse(d, where(repository, op) + " Docker-Content-Digest"));
          }
        });
  }

  @Override
  public FetchedManifest fetchManifest(String repository, String reference) throws IOException {
    String op = "pull manifest " + reference;
    return retrying.run(
        repository,
        op,
        () -> {
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "GET",
                  path(repository, "manifests/" + reference),
                  Map.of("Accept", MANIFEST_ACCEPT),
                  null,
                  false);
          byte[] bytes;
          try (InputStream in = response.body()) {
            requireSuccess(response, repository, op);
            bytes = in.readNBytes(MAX_MANIFEST + 1);
          }
          if (bytes.length > MAX_MANIFEST) {
            throw new UserInputException(
                where(repository, op) + ": manifest larger than " + MAX_MANIFEST + " bytes");
          }
          Digest actual = Digest.ofBytes(bytes);
          Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
          Digest promised =
              reference.startsWith("sha256:")
                  ? Digest.parse(reference, where(repository, op))
                  : header.isPresent() && header.get().startsWith("sha256:")
                      ? Digest.parse(header.get(), where(repository, op))
                      : actual;
          if (!actual.equals(promised)) {
            throw new UserInputException(
                where(repository, op)
                    + ": the manifest's bytes have digest "
                    + actual
                    + " but the registry promised "
                    + promised
                    + "; refusing it");
          }
          String contentType =
              response
                  .headers()
                  .firstValue("Content-Type")
                  .map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                  .filter(MANIFEST_TYPES::contains)
                  .orElse(null);
          return new FetchedManifest(bytes, contentType, actual);
        });
  }

  @Override
  public void fetchBlob(String repository, Descriptor blob, Path destination) throws IOException {
    String op = "pull blob " + blob.digest();
    retrying.run(
        repository,
        op,
        () -> {
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "GET",
                  path(repository, "blobs/" + blob.digest()),
                  Map.of(),
                  null,
                  false);
          try (InputStream body = response.body()) {
            requireSuccess(response, repository, op);
            try (VerifyingInputStream in =
                    new VerifyingInputStream(
                        body, blob.digest(), blob.size(), where(repository, op));
                OutputStream out = Files.newOutputStream(destination)) {
              in.transferTo(out);
              in.drainAndVerify();
            }
          }
          return null;
        });
  }

  @Override
  public boolean blobExists(String repository, Descriptor blob) throws IOException {
    String op = "check blob " + blob.digest();
    return retrying.run(
        repository,
        op,
        () -> {
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "HEAD",
                  path(repository, "blobs/" + blob.digest()),
                  Map.of(),
                  null,
                  true);
          try (InputStream ignored = response.body()) {
            if (response.statusCode() == 404) {
              return false;
            }
            requireSuccess(response, repository, op);
            // A HEAD that lies about the size is no proof the blob is there (N17).
            java.util.OptionalLong length = contentLength(response);
            return length.isEmpty() || length.getAsLong() == blob.size();
          }
        });
  }

  @Override
  public boolean mountBlob(String repository, Descriptor blob, String fromRepository)
      throws IOException {
    String op = "mount blob " + blob.digest() + " from " + fromRepository;
    return retrying.run(
        repository,
        op,
        () -> {
          String query =
              "?mount=" + blob.digest() + "&from=" + URLEncoder.encode(fromRepository, UTF8);
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "POST",
                  path(repository, "blobs/uploads/") + query,
                  Map.of(),
                  BodyPublishers::noBody,
                  true,
                  fromRepository);
          try (InputStream ignored = response.body()) {
            if (response.statusCode() == 201) {
              return true;
            }
            if (response.statusCode() == 202) {
              // The registry opened an upload session instead; let it expire, we upload anew.
              return false;
            }
            requireSuccess(response, repository, op);
            return false;
          }
        });
  }

  @Override
  public void pushBlob(String repository, Descriptor blob, Path file) throws IOException {
    String op = "push blob " + blob.digest();
    UploadBody body = new UploadBody(blob, file);
    retrying.run(
        repository,
        op,
        () -> {
          // Each attempt opens a new session: a broken upload cannot be resumed reliably (N9).
          HttpResponse<InputStream> start =
              exchange(
                  repository,
                  "POST",
                  path(repository, "blobs/uploads/"),
                  Map.of(),
                  BodyPublishers::noBody,
                  true);
          String location;
          try (InputStream ignored = start.body()) {
            if (start.statusCode() != 202) {
              requireSuccess(start, repository, op);
              throw RegistryErrors.status(
                  registry, repository, op, start.statusCode(), "", auth.credentialHint());
            }
            location = start.headers().firstValue("Location").orElse(null);
          }
          URI upload = uploadUri(repository, op, location);
          String separator = upload.getRawQuery() == null ? "?" : "&";
          URI put = URI.create(upload + separator + "digest=" + blob.digest());
          HttpResponse<InputStream> done =
              transport.send(
                  "PUT",
                  put,
                  Map.of("Content-Type", "application/octet-stream"),
                  body::publisher,
                  Scope.push(repository));
          try (InputStream ignored = done.body()) {
            // Ours first: a changed file is the user's to fix, whatever the registry answered.
            body.requireSentBlob();
            requireSuccess(done, repository, op);
          }
          return null;
        });
  }

  @Override
  public Digest pushManifest(String repository, String tag, String mediaType, byte[] bytes)
      throws IOException {
    String op = "push manifest " + tag;
    return retrying.run(
        repository,
        op,
        () -> {
          HttpResponse<InputStream> response =
              exchange(
                  repository,
                  "PUT",
                  path(repository, "manifests/" + tag),
                  Map.of("Content-Type", mediaType),
                  () -> BodyPublishers.ofByteArray(bytes),
                  true);
          try (InputStream ignored = response.body()) {
            requireSuccess(response, repository, op);
          }
          Digest ours = Digest.ofBytes(bytes);
          return response
              .headers()
              .firstValue("Docker-Content-Digest")
              .map(d -> Digest.parse(d, where(repository, op) + " Docker-Content-Digest"))
              .orElse(ours);
        });
  }

  // ---------------------------------------------------------------- HTTP machinery

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private HttpResponse<InputStream> exchange(
      String repository,
      String method,
      String path,
      Map<String, String> headers,
      Supplier<BodyPublisher> body,
      boolean push)
      throws IOException {
    return exchange(repository, method, path, headers, body, push, null);
  }

  private HttpResponse<InputStream> exchange(
      String repository,
      String method,
      String path,
      Map<String, String> headers,
      Supplier<BodyPublisher> body,
      boolean push,
      String mountFrom)
      throws IOException {
    return transport.send(
        method,
        URI.create(transport.base() + path),
        headers,
        body,
        mountFrom == null
            ? (push ? Scope.push(repository) : Scope.pull(repository))
            : Scope.mount(repository, mountFrom));
  }

  private boolean mayUsePlainHttp() {
    return RegistryRef.isLoopback(registry) || options.insecureRegistries().contains(registry);
  }

  private URI uploadUri(String repository, String op, String location) throws IOException {
    if (location == null) {
      throw new ImagesmithException(
          where(repository, op) + ": the registry opened an upload without a Location");
    }
    URI resolved = transport.base().resolve(location);
    if (!RegistryRef.isRegistryAuthority(registry, resolved)
        || !resolved.getScheme().equals(transport.base().getScheme())) {
      // The layer and the credentials must not go to a host the user did not name (N5).
      throw new UserInputException(
          where(repository, op)
              + ": the registry asked to upload to "
              + Redaction.url(resolved.getScheme() + "://" + resolved.getRawAuthority())
              + ", which is not "
              + transport.base()
              + "; refusing");
    }
    return resolved;
  }

  private void requireSuccess(HttpResponse<InputStream> response, String repository, String op)
      throws IOException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String body = "";
    if (!"HEAD".equals(response.request().method())) {
      body = new String(response.body().readNBytes(8 * 1024), UTF8);
    }
    if (status == 401 && auth.grantedTooLittle(response)) {
      // The token service knew the user but granted too little: "wants credentials" would mislead.
      throw RegistryErrors.insufficientScope(registry, repository, op, auth.credentialHint());
    }
    throw RegistryErrors.status(registry, repository, op, status, body, auth.credentialHint());
  }

  private static java.util.OptionalLong contentLength(HttpResponse<?> response) {
    return response.headers().firstValueAsLong("Content-Length");
  }

  private static String path(String repository, String rest) {
    return "/v2/" + repository + "/" + rest;
  }

  private String where(String repository, String op) {
    return "registry " + registry + ", repository " + repository + ": " + op;
  }
}
