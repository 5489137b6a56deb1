package dev.imagesmith.plan;

import dev.imagesmith.error.UserInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a builder stage, in the user's order. {@link #where()} is its XML path for messages.
 */
public sealed interface StepSpec {
  String where();

  /**
   * Copies a file or directory from the project into the stage (a directory's contents, like COPY).
   */
  record Copy(Path source, String target, String where) implements StepSpec {}

  /**
   * Extracts a tar (plain, .gz, .xz, .zst, .bz2), zip or the data member of a .deb into the stage.
   */
  record Extract(Path source, String target, int stripComponents, String where)
      implements StepSpec {}

  /** Downloads a file whose SHA-256 is known, through the content-addressed cache. */
  record Download(
      URI url, String sha256, String target, String where, Map<String, String> platformSha256)
      implements StepSpec {
    /**
     * What {@code <url>} may hold for the platform's architecture ({@code amd64}, {@code arm64}).
     */
    public static final String ARCH = "${arch}";

    /** {@link #ARCH} as it stands in a parsed {@link #url}: percent-encoded, as a URI must. */
    public static final String ENCODED_ARCH = "%24%7Barch%7D";

    public Download {
      platformSha256 = platformSha256 == null ? Map.of() : Map.copyOf(platformSha256);
    }

    /** A download that is the same file on every platform. */
    public Download(URI url, String sha256, String target, String where) {
      this(url, sha256, target, where, Map.of());
    }

    /**
     * The key of {@code platform} in {@link #platformSha256}: {@code linux/arm64} is {@code
     * linux-arm64}.
     */
    public static String platformKey(String platform) {
      return platform.replace('/', '-');
    }

    /**
     * The download as {@code platform} makes it: {@link #ARCH} in the URL replaced by the
     * platform's architecture, the SHA-256 the platform's own if {@code <checksums>} names it.
     * Itself when there is nothing to choose.
     *
     * @throws UserInputException when no SHA-256 is known for the platform
     */
    public Download forPlatform(String platform) {
      if (platformSha256.isEmpty() && !url.toString().contains(ENCODED_ARCH)) {
        return this;
      }
      String[] parts = platform.split("/");
      String arch = parts.length > 1 ? parts[1] : platform;
      String hash = platformSha256.getOrDefault(platformKey(platform), sha256);
      if (hash == null) {
        throw new UserInputException(
            where
                + "/<checksums> names no SHA-256 for "
                + platform
                + ": add <"
                + platformKey(platform)
                + ">HEX</"
                + platformKey(platform)
                + "> (from `sha256sum FILE` of the "
                + platform
                + " file), or a <sha256> that every platform's file has");
      }
      return new Download(
          URI.create(url.toString().replace(ENCODED_ARCH, arch)), hash, target, where, Map.of());
    }
  }

  /**
   * Runs {@code /bin/sh -c command}: on the host with {@code STAGE_ROOT} and {@code DESTDIR} set to
   * the stage root, or inside the stage when the stage says {@link RunIsolation#STAGE}; {@code
   * workingDirectory} is an image path inside the stage, {@code /} by default.
   *
   * @param network {@code false} for {@code <network>none</network>}: only a loopback interface
   *     (stage isolation only)
   * @param timeout {@code null} for none; reaching it stops the command and every process it
   *     started (stage isolation only)
   * @param caches the step's cache mounts, ids and targets distinct
   */
  record Run(
      String command,
      Map<String, String> environment,
      String workingDirectory,
      boolean network,
      Duration timeout,
      List<CacheMount> caches,
      String where)
      implements StepSpec {
    public Run {
      caches = caches == null ? List.of() : List.copyOf(caches);
    }

    /** A run step without cache mounts. */
    public Run(
        String command,
        Map<String, String> environment,
        String workingDirectory,
        boolean network,
        Duration timeout,
        String where) {
      this(command, environment, workingDirectory, network, timeout, List.of(), where);
    }

    /** A run step with the network, no timeout and no cache mounts. */
    public Run(
        String command, Map<String, String> environment, String workingDirectory, String where) {
      this(command, environment, workingDirectory, true, null, where);
    }
  }

  /**
   * Installs Debian packages and their dependencies from a repository into the stage, without dpkg,
   * apt or chroot; maintainer scripts are not run. {@code null} repository, suite and keyring and
   * empty components mean the build host's apt configuration; a {@code null} architecture means the
   * image platform's.
   *
   * @param lockFile {@code image-debian.lock} beside the POM: written on first resolution, honoured
   *     after it
   */
  record Debian(
      List<String> packages,
      URI repository,
      String suite,
      List<String> components,
      String architecture,
      Path keyring,
      List<String> excludes,
      boolean essential,
      Path lockFile,
      String where)
      implements StepSpec {
    public Debian {
      packages = List.copyOf(packages);
      components = List.copyOf(components);
      excludes = List.copyOf(excludes);
    }
  }
}
