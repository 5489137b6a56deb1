package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.ConfigPaths;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository a request uses, with the host's apt configuration filling what the request leaves
 * open: an explicit {@code <repository>} wins; otherwise the first {@code deb} source of the host
 * (the first that lists the requested suite, if one is given).
 *
 * @param explicit whether the repository was named in the configuration (it is then part of the
 *     lock key; the host's mirror is not, so that a lock works on any machine)
 */
public record RepositorySettings(
    URI repository, String suite, List<String> components, Path keyring, boolean explicit) {
  /** How messages name the step's elements. */
  private static final ConfigPaths.Debian DEBIAN = ConfigPaths.POM.debian();

  /** Debian's archive keyring, from the package debian-archive-keyring. */
  public static final Path DEBIAN_ARCHIVE_KEYRING =
      Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

  public RepositorySettings {
    components = List.copyOf(components);
  }

  /** Fills {@code request}'s open settings from {@code host} (the host's apt sources). */
  public static RepositorySettings of(DebianRequest request, List<AptSource> host) {
    if (request.repository() != null) {
      String suite = request.suite();
      if (suite == null) {
        suite =
            host.stream()
                .findFirst()
                .map(s -> s.suites().get(0))
                .orElseThrow(
                    () ->
                        new UserInputException(
                            request.where()
                                + ": "
                                + DEBIAN.suite()
                                + " is missing and the build host has no apt source to"
                                + " take it from; write for example "
                                + ConfigPaths.written(DEBIAN.suite(), "bookworm")));
      }
      return new RepositorySettings(
          request.repository(),
          suite,
          request.components().isEmpty() ? List.of("main") : request.components(),
          request.keyring() != null ? request.keyring() : DEBIAN_ARCHIVE_KEYRING,
          true);
    }
    AptSource source =
        host.stream()
            .filter(s -> request.suite() == null || s.suites().contains(request.suite()))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserInputException(
                        request.where()
                            + ": no "
                            + DEBIAN.repository()
                            + " is configured and the build host's apt"
                            + " configuration (/etc/apt/sources.list, /etc/apt/sources.list.d)"
                            + " has no deb source"
                            + (request.suite() == null ? "" : " for suite " + request.suite())
                            + "; name the repository root URL in "
                            + DEBIAN.repository()));
    return new RepositorySettings(
        source.uri(),
        request.suite() != null ? request.suite() : source.suites().get(0),
        !request.components().isEmpty()
            ? request.components()
            : source.components().isEmpty() ? List.of("main") : source.components(),
        request.keyring() != null
            ? request.keyring()
            : source.signedBy() != null ? source.signedBy() : DEBIAN_ARCHIVE_KEYRING,
        false);
  }

  /**
   * The lock section this request resolves to: everything that changes the resolution except the
   * mirror host. An explicit repository is named with its secrets masked ({@link Redaction}): the
   * lock file is committed, and a password or token in the URL changes no resolution.
   */
  public String lockKey(DebianRequest request) {
    List<String> packages = request.packages().stream().sorted().distinct().toList();
    List<String> excludes = request.excludes().stream().sorted().distinct().toList();
    return request.architecture()
        + " "
        + suite
        + " "
        + String.join(",", components)
        + " packages="
        + String.join(",", packages)
        + (excludes.isEmpty() ? "" : " excludes=" + String.join(",", excludes))
        + (request.essential() ? " essential" : "")
        + (explicit ? " repository=" + Redaction.url(repository) : "");
  }
}
