package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.UrlReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/**
 * Opens repository files over {@code http:}, {@code https:} or {@code file:}. Debian mirrors are
 * usually plain http: integrity comes from the signed InRelease and the hashes it chains to, never
 * from the transport. Redirects are followed except from https to http.
 */
public final class RepositoryClient {
  private final UrlReader urls = new UrlReader(Duration.ofSeconds(30), Duration.ofMinutes(5));

  /**
   * The file at {@code path} below {@code root} ({@code dists/bookworm/InRelease}). The path is a
   * file name, not URL text: a {@code %} in it is a literal character (pool files of repositories
   * that keep the epoch are named {@code name_1%3a2.0_amd64.deb}), so it is escaped; every other
   * character a repository path may hold ({@link DebianNames#isRepositoryPath}) is URL-safe.
   */
  public static URI resolve(URI root, String path) {
    String base = root.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + path.replace("%", "%25"));
  }

  /**
   * Opens {@code url} for reading.
   *
   * @throws UserInputException if the file does not exist there (HTTP 404, missing file)
   * @throws IOException if the network fails
   */
  public InputStream open(URI url) throws IOException {
    try {
      return urls.open(url);
    } catch (UrlReader.NoSuchFileException e) {
      throw new UserInputException(url + " does not exist");
    } catch (UrlReader.UnsupportedSchemeException e) {
      throw new UserInputException(
          "cannot fetch " + url + ": a repository must be an http:, https: or file: URL");
    } catch (UrlReader.HttpStatusException e) {
      if (e.status() == 404) {
        throw new UserInputException(
            url + " does not exist (HTTP 404); check <repository>, <suite> and <components>");
      }
      throw e;
    } catch (java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("fetching " + url + " failed: " + e, e);
    }
  }
}
