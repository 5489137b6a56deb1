package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
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
 * Opens repository files over {@code http:}, {@code https:} or {@code file:}. Debian mirrors are
 * usually plain http: integrity comes from the signed InRelease and the hashes it chains to, never
 * from the transport. Redirects are followed except from https to http.
 */
public final class RepositoryClient {
  // Made on first use: building an HttpClient sets up TLS (about half a second), which a build
  // whose debian steps are cached or locked to local files never needs.
  private HttpClient http;

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return http;
  }

  /** The file at {@code path} below {@code root} ({@code dists/bookworm/InRelease}). */
  public static URI resolve(URI root, String path) {
    String base = root.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + path);
  }

  /**
   * Opens {@code url} for reading.
   *
   * @throws UserInputException if the file does not exist there (HTTP 404, missing file)
   * @throws IOException if the network fails
   */
  public InputStream open(URI url) throws IOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      Path file = Path.of(url);
      if (!Files.isRegularFile(file)) {
        throw new UserInputException(url + " does not exist");
      }
      return Files.newInputStream(file);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UserInputException(
          "cannot fetch " + url + ": a repository must be an http:, https: or file: URL");
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofMinutes(5))
            .header("User-Agent", "imagesmith")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + url);
    } catch (IOException e) {
      throw new IOException("fetching " + url + " failed: " + e, e);
    }
    if (response.statusCode() == 200) {
      return response.body();
    }
    response.body().close();
    if (response.statusCode() == 404) {
      throw new UserInputException(
          url + " does not exist (HTTP 404); check <repository>, <suite> and <components>");
    }
    throw new IOException("GET " + url + " failed with HTTP status " + response.statusCode());
  }
}
