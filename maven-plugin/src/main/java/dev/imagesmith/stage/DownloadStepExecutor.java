package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferException;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.io.UrlReader;
import dev.imagesmith.net.NetworkFailure;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.AtomicFile;
import dev.imagesmith.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code download} step: fetches a {@code file:}, {@code http:} or {@code https:} URL whose
 * SHA-256 is given in the configuration, through the {@link DownloadCache}, and places it in the
 * stage with mode 0644 (at the target, or into it when the target ends with {@code /} or is an
 * existing directory; the file name is then the URL's last path segment).
 *
 * <p>Redirects are followed except from https to http. When Maven is offline only the cache is
 * used. A wrong digest fails the build and leaves nothing in the cache or the stage; so does a
 * transfer stopped by its {@link TransferLimits} (a stalled or endless server, a body larger than
 * the maximum or than its {@code Content-Length}). URLs appear in the log and in errors with their
 * user-info and signed query parameters masked ({@link Redaction}).
 */
public final class DownloadStepExecutor implements StepExecutor<StepSpec.Download> {
  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

  private final DownloadCache cache;
  private final boolean offline;
  private final UrlReader urls;
  private final Duration progressInterval;

  /** With the default {@link TransferLimits}. */
  public DownloadStepExecutor(DownloadCache cache, boolean offline) {
    this(cache, offline, TransferLimits.DEFAULT);
  }

  /** With a 30 s connect timeout and a 5 min wait for the response headers, without a proxy. */
  public DownloadStepExecutor(DownloadCache cache, boolean offline, TransferLimits limits) {
    this(cache, offline, limits, Proxies.NONE);
  }

  /** With a 30 s connect timeout and a 5 min wait for the response headers. */
  public DownloadStepExecutor(
      DownloadCache cache, boolean offline, TransferLimits limits, Proxies proxies) {
    this(cache, offline, limits, proxies, Progress.DEFAULT_INTERVAL);
  }

  /**
   * @param progressInterval how often a transfer that is still running says how far it is
   */
  DownloadStepExecutor(
      DownloadCache cache,
      boolean offline,
      TransferLimits limits,
      Proxies proxies,
      Duration progressInterval) {
    this.cache = cache;
    this.offline = offline;
    this.urls = new UrlReader(Duration.ofSeconds(30), Duration.ofMinutes(5), limits, proxies);
    this.progressInterval = progressInterval;
  }

  @Override
  public String kind() {
    return "download";
  }

  @Override
  public StepOutcome execute(StepSpec.Download step, StepContext context) throws IOException {
    Digest expected = parseSha256(step);
    URI url = step.url();
    String shown = Redaction.url(url);
    Path cached = cache.pathOf(expected);
    ContentStore.Found status = cache.lookup(expected);
    if (status == ContentStore.Found.CORRUPT_DELETED) {
      context.log().warn("cached download " + cached + " was corrupt and has been deleted");
    }
    if (status == ContentStore.Found.HIT) {
      context.log().debug("download " + shown + " found in the cache: " + cached);
    } else if (offline) {
      throw new UserInputException(
          step.where()
              + ": "
              + shown
              + " (sha256 "
              + expected.encoded()
              + ") is not in the cache and Maven is offline; build once online, or put the file at "
              + cached);
    } else {
      context.log().debug("download " + shown + " not in the cache: " + cached);
      context.log().info("downloading " + shown);
      // A line every few seconds while the bytes come (Maven's way: no bars), one at the end.
      try (CountedInput content = new CountedInput(open(url, step.where(), context.log()));
          Progress progress =
              new Progress(
                  context.log(), "downloading " + shown, -1, content::count, progressInterval)) {
        cache.store(expected, content, shown, step.where());
        context.log().info("downloaded " + shown + " (" + progress.summary() + ")");
      } catch (TransferException e) {
        throw stopped(e, step.where());
      }
    }
    place(cached, step, context.sandbox());
    return StepOutcome.NONE;
  }

  private static Digest parseSha256(StepSpec.Download step) {
    String text = step.sha256() == null ? "" : step.sha256().trim().toLowerCase(Locale.ROOT);
    if (text.startsWith("sha256:")) {
      text = text.substring("sha256:".length());
    }
    if (!SHA256_HEX.matcher(text).matches()) {
      throw new UserInputException(
          step.where()
              + ": sha256 '"
              + step.sha256()
              + "' of "
              + Redaction.url(step.url())
              + " is not 64 hex digits; compute it with `sha256sum FILE`");
    }
    return new Digest(text);
  }

  /** Opens {@code url}, wording each failure for the step at {@code where}. */
  private InputStream open(URI url, String where, BuildLog log) throws IOException {
    String shown = Redaction.url(url);
    try {
      return urls.open(url, log);
    } catch (UrlReader.NoSuchFileException e) {
      throw new UserInputException(where + ": " + e.getMessage());
    } catch (UrlReader.UnsupportedSchemeException e) {
      throw new UserInputException(
          where + ": cannot download " + shown + "; use a file:, http: or https: URL");
    } catch (UrlReader.HttpStatusException e) {
      if (e.status() / 100 == 3 && e.location() != null) {
        throw new UserInputException(
            where
                + ": "
                + e.answeredBy()
                + " redirects to "
                + e.location()
                + ", which is not followed (a redirect from https to http is refused); use the"
                + " final URL");
      }
      boolean refused = e.status() == 401 || e.status() == 403;
      throw new UserInputException(
          where
              + ": GET "
              + e.answeredBy()
              + " failed with HTTP status "
              + e.status()
              + (refused && url.getRawUserInfo() != null
                  ? "; the user name and password in the URL are not sent (downloads carry no"
                      + " credentials): use a URL that needs none, such as a pre-signed one"
                  : "; check the URL"));
    } catch (TransferException e) {
      throw stopped(e, where);
    } catch (NetworkFailure e) {
      throw new UserInputException(where + ": downloading " + shown + " failed: " + e.getMessage());
    } catch (java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(
          where + ": downloading " + shown + " failed: " + Redaction.text(e.toString()), e);
    }
  }

  /** A transfer its limits stopped: what happened, that nothing was kept, what to do. */
  private static UserInputException stopped(TransferException e, String where) {
    return new UserInputException(
        where
            + ": "
            + e.getMessage()
            + "; nothing was cached or copied. "
            + e.advice(
                ConfigPaths.POM.downloads().timeout(),
                ConfigPaths.POM.downloads().idleTimeout(),
                ConfigPaths.POM.downloads().maxSize()));
  }

  /** Copies the verified cache file into the stage under a temporary name, then renames it. */
  private static void place(Path cached, StepSpec.Download step, Sandbox sandbox)
      throws IOException {
    Sandbox.Resolved target =
        StageTargets.file(sandbox, step.target(), fileName(step.url()), step.where());
    StageTargets.clearForFile(sandbox, target, step.where());
    AtomicFile.to(target.hostPath()).mode(0644).fill(temporary -> Files.copy(cached, temporary));
  }

  private static String fileName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String name = ImagePaths.name(ImagePaths.join(ImagePaths.components(path)));
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "download" : name;
  }
}
