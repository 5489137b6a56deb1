package dev.imagesmith.registry;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The clients of the registry tests: options with quick retries, credentials as the POM's {@code
 * <auth>} gives them, and a pull or a push in one call, each through a {@link Registries} of its
 * own (as one build has), so no test reuses another's token or scheme.
 */
final class TestClients {
  /** The source named by the POM's {@code <auth>}, as errors and the log quote it. */
  static final String POM_AUTH = "POM <auth>";

  private TestClients() {}

  /** Two attempts, the second 10 ms after the first: a retried fault costs no time. */
  static RegistryOptions quickRetries(List<CredentialSource> sources) {
    return quickRetries(sources, null);
  }

  /**
   * @param trust the TLS trust, {@code null} for the JVM's
   */
  static RegistryOptions quickRetries(List<CredentialSource> sources, SSLContext trust) {
    return new RegistryOptions(
        sources,
        Set.of(),
        trust,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
        false);
  }

  /**
   * No credentials, {@code attempts} tries 10 ms apart at first, a server's {@code Retry-After}
   * honoured up to 2 s.
   *
   * @param offline only the cache may be used
   */
  static RegistryOptions anonymous(int attempts, boolean offline) {
    return new RegistryOptions(
        List.of(),
        Set.of(),
        null,
        new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofSeconds(2)),
        offline);
  }

  /**
   * {@code user} and {@code password} for {@code registry} alone, from the POM's {@code <auth>}.
   */
  static CredentialSource pomAuth(String registry, String user, String password) {
    return CredentialSource.fixed(registry, new RegistryCredential(user, password, POM_AUTH));
  }

  /** The base image {@code ref} for linux/amd64, pulled into {@code cache}. */
  static SourceImage pull(RegistryOptions options, BuildLog log, Path cache, String ref)
      throws IOException {
    return pull(options, log, cache, ref, Platform.LINUX_AMD64);
  }

  static SourceImage pull(
      RegistryOptions options, BuildLog log, Path cache, String ref, Platform platform)
      throws IOException {
    return new RegistryPuller(new Registries(options, log), new BlobCache(cache), log)
        .pull(ref, platform, "<from>");
  }

  /** Pushes the image {@code digest} of {@code layout} to every one of {@code refs}. */
  static PushResult push(
      RegistryOptions options, BuildLog log, Path layout, Digest digest, String... refs)
      throws IOException {
    return new RegistryPusher(new Registries(options, log), log)
        .push(layout, digest, List.of(refs), "<to>/<image>");
  }
}
