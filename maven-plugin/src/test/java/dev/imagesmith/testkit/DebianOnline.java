package dev.imagesmith.testkit;

import dev.imagesmith.debian.RepositorySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * For the tests against Debian's real archive: the mirror, and the check that skips a test class,
 * saying why, when the host's Debian archive keyring is missing or bookworm's InRelease cannot be
 * reached.
 */
public final class DebianOnline {
  /** Debian's own archive. */
  public static final URI MIRROR = URI.create("http://deb.debian.org/debian");

  private DebianOnline() {}

  /**
   * Aborts the calling tests unless the keyring is installed and the mirror answers a HEAD of
   * bookworm's InRelease with 200; the reason goes to the test output too (surefire keeps it with
   * the report), prefixed with {@code testClass}.
   */
  public static void assumeReachable(Class<?> testClass) {
    if (!Files.isRegularFile(RepositorySettings.DEBIAN_ARCHIVE_KEYRING)) {
      skip(testClass, "no Debian archive keyring at " + RepositorySettings.DEBIAN_ARCHIVE_KEYRING);
    }
    String why;
    try {
      HttpResponse<Void> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(MIRROR + "/dists/bookworm/InRelease"))
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      why = response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
    } catch (Exception e) {
      why = e.toString();
    }
    if (why != null) {
      skip(testClass, MIRROR + " cannot be reached: " + why);
    }
  }

  private static void skip(Class<?> testClass, String reason) {
    System.out.println(testClass.getSimpleName() + " skipped: " + reason);
    Assumptions.abort(reason);
  }
}
