package dev.imagesmith.debian;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.archive.Decompression;
import dev.imagesmith.io.Redaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which packages of a repository ship files of a name: its verified {@code Contents-<arch>} index
 * ({@link DebianRepository#contents}), fetched only when asked (about 12 MB for Debian's main
 * amd64; read from the cache afterwards, and offline), then read in one pass per question; the
 * signed InRelease is fetched and verified once per instance.
 */
public final class PackageContents {
  private final RepositorySettings settings;
  private final String architecture;
  private final Path cacheDirectory;
  private final boolean offline;
  private final RepositoryClient client;
  private final BuildLog log;
  private final Clock clock;
  private List<Path> files;

  /**
   * @param settings the repository, suite, components and keyring to read
   * @param architecture the Debian architecture ({@code amd64})
   * @param offline use the cache only
   */
  public PackageContents(
      RepositorySettings settings,
      String architecture,
      Path cacheDirectory,
      boolean offline,
      RepositoryClient client,
      BuildLog log,
      Clock clock) {
    this.settings = settings;
    this.architecture = architecture;
    this.cacheDirectory = cacheDirectory;
    this.offline = offline;
    this.client = client;
    this.log = log;
    this.clock = clock;
  }

  /**
   * The settings a {@code debian} step's request resolves to, with the build host's apt
   * configuration filling what it leaves open.
   *
   * @throws dev.imagesmith.error.UserInputException if the request names no repository and the host
   *     has none
   */
  public static RepositorySettings settings(DebianRequest request, Path etcApt) throws IOException {
    return RepositorySettings.of(request, AptSources.read(etcApt));
  }

  /**
   * Names the index for messages: {@code Debian bookworm main amd64 (http://deb.debian.org/...)}.
   */
  public String source() {
    return settings.suite()
        + " "
        + String.join(",", settings.components())
        + " "
        + architecture
        + " of "
        + Redaction.url(settings.repository());
  }

  /**
   * The verified index files: the signed InRelease is fetched and checked once, however many
   * questions follow.
   */
  private synchronized List<Path> files() throws IOException {
    if (files == null) {
      files =
          new DebianRepository(
                  settings.repository(),
                  settings.suite(),
                  InReleaseVerifier.load(settings.keyring()),
                  cacheDirectory,
                  offline,
                  client,
                  log,
                  clock)
              .contents(settings.components(), architecture);
    }
    return files;
  }

  /**
   * Every file named one of {@code names}, by name.
   *
   * @throws dev.imagesmith.error.UserInputException if the index cannot be had (offline and not
   *     cached, not signed, not listed)
   * @throws IOException if the network fails
   */
  public Map<String, List<ContentsIndex.Entry>> find(Set<String> names) throws IOException {
    Map<String, List<ContentsIndex.Entry>> found = new HashMap<>();
    for (Path file : files()) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  Decompression.open(Files.newInputStream(file)), StandardCharsets.UTF_8),
              1 << 16)) {
        ContentsIndex.search(reader, names)
            .forEach(
                (name, entries) ->
                    found.computeIfAbsent(name, k -> new ArrayList<>()).addAll(entries));
      }
    }
    return found;
  }
}
