package dev.imagesmith.io;

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

/**
 * Opens {@code file:}, {@code http:} and {@code https:} URLs for the steps that fetch files
 * (download, debian). Redirects are followed except from https to http. The HTTP client is made on
 * first use: setting up TLS costs about half a second, which a build that fetches nothing never
 * pays. Failures are typed so that each caller words them for its own configuration.
 */
public final class UrlReader {
  /** The URL's scheme is none of file, http, https. */
  public static final class UnsupportedSchemeException extends IOException {
    public UnsupportedSchemeException(URI url) {
      super("unsupported URL scheme: " + url);
    }
  }

  /** A {@code file:} URL that is malformed or names no regular file. */
  public static final class NoSuchFileException extends IOException {
    public NoSuchFileException(URI url, String why) {
      super(url + " " + why);
    }
  }

  /** The server answered something other than 200. */
  public static final class HttpStatusException extends IOException {
    private final int status;
    private final String location;

    public HttpStatusException(URI url, int status, String location) {
      super("GET " + url + " failed with HTTP status " + status);
      this.status = status;
      this.location = location;
    }

    public int status() {
      return status;
    }

    /** The {@code Location} of a redirect that was not followed, or {@code null}. */
    public String location() {
      return location;
    }
  }

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private HttpClient http;

  public UrlReader(Duration connectTimeout, Duration requestTimeout) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Opens {@code url}; the caller closes the stream.
   *
   * @throws UnsupportedSchemeException for a scheme other than file, http, https
   * @throws NoSuchFileException for a {@code file:} URL naming no regular file
   * @throws HttpStatusException for an answer other than 200
   * @throws IOException when the network fails
   */
  public InputStream open(URI url) throws IOException {
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
        return Files.newInputStream(file);
      case "http":
      case "https":
        return get(url);
      default:
        throw new UnsupportedSchemeException(url);
    }
  }

  private InputStream get(URI url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("User-Agent", "imagesmith")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + url);
    }
    if (response.statusCode() == 200) {
      return response.body();
    }
    response.body().close();
    throw new HttpStatusException(
        url, response.statusCode(), response.headers().firstValue("Location").orElse(null));
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              // NORMAL follows redirects, but never from https to http.
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return http;
  }
}
