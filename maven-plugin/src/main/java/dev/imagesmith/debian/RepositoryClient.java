package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferException;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.io.UrlReader;
import dev.imagesmith.net.NetworkFailure;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/**
 * Opens repository files over {@code http:}, {@code https:} or {@code file:}. Debian mirrors are
 * usually plain http: integrity comes from the signed InRelease and the hashes it chains to, never
 * from the transport. Redirects are followed except from https to http. Bodies are read under
 * {@link TransferLimits} (a stalled or endless mirror is stopped), and URLs appear in errors with
 * their user-info and secret parameters masked ({@link Redaction}). Requests go through the build's
 * {@link Proxies}, and files of Debian's archive come from the {@link ArchiveMirror} when one is
 * set: callers name the archive's URLs, this class alone knows where they are fetched from.
 */
public final class RepositoryClient {
  private final UrlReader urls;
  private final ArchiveMirror mirror;

  /** With the default {@link TransferLimits}, no proxy, no mirror. */
  public RepositoryClient() {
    this(TransferLimits.DEFAULT);
  }

  public RepositoryClient(TransferLimits limits) {
    this(limits, Proxies.NONE, null);
  }

  /**
   * @param mirror where files of Debian's archive are fetched from, or {@code null} for the archive
   *     itself
   */
  public RepositoryClient(TransferLimits limits, Proxies proxies, ArchiveMirror mirror) {
    this.urls = new UrlReader(Duration.ofSeconds(30), Duration.ofMinutes(5), limits, proxies);
    this.mirror = mirror;
  }

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
   * @throws UserInputException if the file does not exist there (HTTP 404, missing file), or a
   *     limit stopped the transfer (here or in a read of the stream: see {@link #stopped})
   * @throws IOException if the network fails
   */
  public InputStream open(URI url) throws IOException {
    return open(url, BuildLog.silent());
  }

  /** As {@link #open(URI)}, logging the requests at debug level ({@code mvn -X}). */
  public InputStream open(URI url, BuildLog log) throws IOException {
    URI fetched = mirror == null ? url : mirror.apply(url);
    String shown = describe(url);
    try {
      return urls.open(fetched, log);
    } catch (UrlReader.NoSuchFileException e) {
      throw new Missing(shown + " does not exist", shown, "");
    } catch (UrlReader.UnsupportedSchemeException e) {
      throw new UserInputException(
          "cannot fetch " + shown + ": a repository must be an http:, https: or file: URL");
    } catch (UrlReader.HttpStatusException e) {
      if (e.status() == 404) {
        throw new Missing(
            shown
                + " does not exist (HTTP 404); check "
                + ConfigPaths.POM.debian().repository()
                + ", "
                + ConfigPaths.POM.debian().suite()
                + " and "
                + ConfigPaths.POM.debian().components(),
            shown,
            " (HTTP 404)");
      }
      throw e;
    } catch (TransferException e) {
      throw stopped(e);
    } catch (NetworkFailure e) {
      throw new UserInputException("fetching " + shown + " failed: " + e.getMessage());
    } catch (java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("fetching " + shown + " failed: " + Redaction.text(e.toString()), e);
    }
  }

  /**
   * A file the repository does not have (HTTP 404, or no such file under a {@code file:} URL). Its
   * message suits a file the configuration named; a caller that fetched the file because a signed
   * index or the lock lists it says that instead ({@link #shown}, {@link #status}).
   */
  public static final class Missing extends UserInputException {
    private final String shown;
    private final String status;

    Missing(String message, String shown, String status) {
      super(message);
      this.shown = shown;
      this.status = status;
    }

    /** The file's URL as messages name it. */
    public String shown() {
      return shown;
    }

    /** {@code " (HTTP 404)"}, or empty for a {@code file:} repository. */
    public String status() {
      return status;
    }
  }

  /**
   * {@code url} as messages name it: redacted, and when the {@link ArchiveMirror} serves it, the
   * mirror's URL followed by {@code (the <debianMirror> copy of URL)}.
   */
  public String describe(URI url) {
    URI fetched = mirror == null ? url : mirror.apply(url);
    return fetched.equals(url)
        ? Redaction.url(url)
        : Redaction.url(fetched)
            + " (the "
            + ConfigPaths.POM.debian().mirror()
            + " copy of "
            + Redaction.url(url)
            + ")";
  }

  /** A transfer its limits stopped, worded for the user: nothing of it was kept. */
  public static UserInputException stopped(TransferException e) {
    return new UserInputException(
        e.getMessage()
            + "; nothing of it was kept or installed. "
            + e.advice(
                ConfigPaths.POM.downloads().timeout(),
                ConfigPaths.POM.downloads().idleTimeout(),
                ConfigPaths.POM.downloads().maxSize()));
  }
}
