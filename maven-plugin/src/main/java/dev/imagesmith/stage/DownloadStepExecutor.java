package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.UrlReader;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * used. A wrong digest fails the build and leaves nothing in the cache or the stage.
 */
public final class DownloadStepExecutor implements StepExecutor<StepSpec.Download> {
  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

  private final DownloadCache cache;
  private final boolean offline;
  private final UrlReader urls;

  /** With a 30 s connect timeout and a 5 min wait for the response headers. */
  public DownloadStepExecutor(DownloadCache cache, boolean offline) {
    this(cache, offline, Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  public DownloadStepExecutor(
      DownloadCache cache, boolean offline, Duration connectTimeout, Duration requestTimeout) {
    this.cache = cache;
    this.offline = offline;
    this.urls = new UrlReader(connectTimeout, requestTimeout);
  }

  @Override
  public String kind() {
    return "download";
  }

  @Override
  public StepOutcome execute(StepSpec.Download step, StepContext context) throws IOException {
    Digest expected = parseSha256(step);
    URI url = step.url();
    Path cached = cache.pathOf(expected);
    DownloadCache.Status status = cache.lookup(expected);
    if (status == DownloadCache.Status.CORRUPT_DELETED) {
      context.log().warn("cached download " + cached + " was corrupt and has been deleted");
    }
    if (status == DownloadCache.Status.HIT) {
      context.log().debug("download " + url + " found in the cache: " + cached);
    } else if (offline) {
      throw new UserInputException(
          step.where()
              + ": "
              + url
              + " (sha256 "
              + expected.encoded()
              + ") is not in the cache and Maven is offline; build once online, or put the file at "
              + cached);
    } else {
      context.log().info("downloading " + url);
      try (InputStream content = open(url, step.where())) {
        cache.store(expected, content, url.toString(), step.where());
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
              + step.url()
              + " is not 64 hex digits; compute it with `sha256sum FILE`");
    }
    return new Digest(text);
  }

  /** Opens {@code url}, wording each failure for the step at {@code where}. */
  private InputStream open(URI url, String where) throws IOException {
    try {
      return urls.open(url);
    } catch (UrlReader.NoSuchFileException e) {
      throw new UserInputException(where + ": " + e.getMessage());
    } catch (UrlReader.UnsupportedSchemeException e) {
      throw new UserInputException(
          where + ": cannot download " + url + "; use a file:, http: or https: URL");
    } catch (UrlReader.HttpStatusException e) {
      if (e.status() / 100 == 3 && e.location() != null) {
        throw new UserInputException(
            where
                + ": "
                + url
                + " redirects to "
                + e.location()
                + ", which is not followed (a redirect from https to http is refused); use the"
                + " final URL");
      }
      throw new UserInputException(
          where + ": GET " + url + " failed with HTTP status " + e.status() + "; check the URL");
    } catch (java.io.InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(where + ": downloading " + url + " failed: " + e, e);
    }
  }

  /** Copies the verified cache file into the stage under a temporary name, then renames it. */
  private static void place(Path cached, StepSpec.Download step, Sandbox sandbox)
      throws IOException {
    Sandbox.Resolved target =
        StageTargets.file(sandbox, step.target(), fileName(step.url()), step.where());
    StageTargets.clearForFile(sandbox, target, step.where());
    Path parent = target.hostPath().getParent();
    Path temporary = Files.createTempFile(parent, ".imagesmith-download-", ".part");
    try {
      Files.copy(cached, temporary, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(temporary, HostFiles.permissions(0644));
      Files.move(temporary, target.hostPath(), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String fileName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String name = ImagePaths.name(ImagePaths.join(ImagePaths.components(path)));
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "download" : name;
  }
}
