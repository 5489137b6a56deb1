package dev.imagesmith.io;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.net.NetworkFailure;
import dev.imagesmith.net.Proxies;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Opens {@code file:}, {@code http:} and {@code https:} URLs for the steps that fetch files
 * (download, debian). Redirects are followed except from https to http. The HTTP client is made on
 * first use: setting up TLS costs about half a second, which a build that fetches nothing never
 * pays. Failures are typed so that each caller words them for its own configuration.
 *
 * <p>A body is read under {@link TransferLimits} ({@link LimitedBody}): the request timeout covers
 * only the wait for the headers, the limits cover the body. A {@code file:} URL's file may not be
 * larger than the maximum size either. Messages show URLs through {@link Redaction}; the user-info
 * of a URL ({@code user:password@}) is never sent: the JDK's client ignores it.
 *
 * <p>Requests go through the {@link Proxies} given (a proxied target's name is resolved by the
 * proxy, not here); a name no DNS answers and a proxy that wants credentials fail at once as a
 * {@link NetworkFailure}.
 */
public final class UrlReader {
  /** The URL's scheme is none of file, http, https. */
  public static final class UnsupportedSchemeException extends IOException {
    public UnsupportedSchemeException(URI url) {
      super("unsupported URL scheme: " + Redaction.url(url));
    }
  }

  /** A {@code file:} URL that is malformed or names no regular file. */
  public static final class NoSuchFileException extends IOException {
    public NoSuchFileException(URI url, String why) {
      super(Redaction.url(url) + " " + why);
    }
  }

  /**
   * The server answered something other than 200. After redirects, the URL that answered is not the
   * one asked for: the message names the one that answered and the one asked for, both through
   * {@link Redaction} (a redirect often leads to a signed URL).
   */
  public static final class HttpStatusException extends IOException {
    private final int status;
    private final String location;
    private final String named;

    /**
     * @param asked the URL the caller asked for
     * @param answered the URL that answered {@code status}, {@code asked} when no redirect was
     *     followed
     * @param location the {@code Location} of a redirect that was not followed, or null
     */
    public HttpStatusException(URI asked, URI answered, int status, String location) {
      super("GET " + named(asked, answered) + " failed with HTTP status " + status);
      this.status = status;
      this.location = location == null ? null : Redaction.url(location);
      this.named = named(asked, answered);
    }

    private static String named(URI asked, URI answered) {
      return asked.equals(answered)
          ? Redaction.url(answered)
          : Redaction.url(answered) + " (redirected from " + Redaction.url(asked) + ")";
    }

    public int status() {
      return status;
    }

    /** The {@code Location} of a redirect that was not followed (secrets masked), or null. */
    public String location() {
      return location;
    }

    /**
     * The URL that answered the status, and after redirects the one asked for: {@code URL
     * (redirected from ASKED)}, secrets masked.
     */
    public String answeredBy() {
      return named;
    }
  }

  /** The redirects the JDK's {@code Redirect.NORMAL} follows, and as many hops as it does. */
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private static final int MAX_REDIRECTS = 5;

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final TransferLimits limits;
  private final Proxies proxies;
  private HttpClient http;

  /** Without a proxy. */
  public UrlReader(Duration connectTimeout, Duration requestTimeout, TransferLimits limits) {
    this(connectTimeout, requestTimeout, limits, Proxies.NONE);
  }

  /**
   * @param requestTimeout the longest wait for a response's headers (at most the limits' total)
   * @param limits what a body may take and bring
   * @param proxies the way out to the network
   */
  public UrlReader(
      Duration connectTimeout, Duration requestTimeout, TransferLimits limits, Proxies proxies) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout =
        requestTimeout.compareTo(limits.totalTimeout()) < 0
            ? requestTimeout
            : limits.totalTimeout();
    this.limits = limits;
    this.proxies = proxies;
  }

  public TransferLimits limits() {
    return limits;
  }

  /**
   * Opens {@code url}; the caller closes the stream.
   *
   * @throws UnsupportedSchemeException for a scheme other than file, http, https
   * @throws NoSuchFileException for a {@code file:} URL naming no regular file
   * @throws HttpStatusException for an answer other than 200
   * @throws TransferException when a limit stopped the transfer (also from the stream's reads)
   * @throws NetworkFailure when the host cannot be resolved or a proxy wants credentials
   * @throws IOException when the network fails
   */
  public InputStream open(URI url) throws IOException {
    return open(url, BuildLog.silent());
  }

  /**
   * As {@link #open(URI)}, and logs each HTTP request at debug level ({@code mvn -X}): method, URL
   * (redacted), status, time and the proxy it went through.
   */
  public InputStream open(URI url, BuildLog log) throws IOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        Path file;
        try {
          file = Path.of(url);
        } catch (IllegalArgumentException e) {
          throw new NoSuchFileException(
              url, "is not an absolute file: URL (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(file)) {
          throw new NoSuchFileException(url, "does not exist or is not a file");
        }
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
          throw new TransferException(
              TransferException.Kind.TOO_LARGE,
              Redaction.url(url)
                  + " has "
                  + size
                  + " bytes, more than the limit of "
                  + limits.maxBytes()
                  + " bytes",
              0);
        }
        return Files.newInputStream(file);
      case "http":
      case "https":
        return get(url, log);
      default:
        throw new UnsupportedSchemeException(url);
    }
  }

  private InputStream get(URI url, BuildLog log) throws IOException {
    URI current = url;
    for (int hop = 0; ; hop++) {
      long started = System.nanoTime();
      HttpResponse<InputStream> response = send(current);
      int status = response.statusCode();
      log.debug(
          "GET "
              + Redaction.url(current)
              + " -> HTTP "
              + status
              + " ("
              + (System.nanoTime() - started) / 1_000_000
              + " ms"
              + proxies.forTarget(current).map(p -> ", through the " + p).orElse("")
              + ")");
      if (status == 200) {
        return response.body();
      }
      if (status == 407) {
        if (response.body() != null) { // none when the proxy refused a tunnel
          response.body().close();
        }
        throw NetworkFailure.proxyAuthentication(current, proxies);
      }
      response.body().close();
      String location = response.headers().firstValue("Location").orElse(null);
      URI next = REDIRECTS.contains(status) && hop < MAX_REDIRECTS ? next(current, location) : null;
      if (next == null) {
        throw new HttpStatusException(url, current, status, location);
      }
      current = next;
    }
  }

  /** One GET, with the credentials of the proxy it goes through, if any. */
  private HttpResponse<InputStream> send(URI url) throws IOException {
    HttpRequest request =
        proxies.withCredentials(
            HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("User-Agent", "imagesmith")
                .GET()
                .build());
    try {
      return http().send(request, LimitedBody.handler(limits, "GET " + Redaction.url(url)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + Redaction.url(url));
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw NetworkFailure.of(e, url, proxies).map(IOException.class::cast).orElse(e);
    }
  }

  /** Where a redirect leads, or null when it is not followed (never from https to http). */
  private static URI next(URI current, String location) {
    if (location == null) {
      return null;
    }
    URI next;
    try {
      next = current.resolve(location);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    boolean downgrade = "https".equalsIgnoreCase(current.getScheme()) && !scheme.equals("https");
    boolean web = scheme.equals("http") || scheme.equals("https");
    return web && !downgrade && next.getHost() != null ? next : null;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          proxies
              .configure(HttpClient.newBuilder())
              .connectTimeout(connectTimeout)
              // Followed by hand (next): each hop gets its own proxy decision and credentials.
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    return http;
  }
}
