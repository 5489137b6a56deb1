package dev.imagesmith.registry;

import com.google.cloud.tools.jib.registry.RegistryAliasGroup;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.ImageReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An image in a registry, with Docker Hub's short names expanded the way Docker does ({@code
 * busybox} is {@code registry-1.docker.io/library/busybox:latest}), parsed with the plugin's one
 * reference grammar ({@link ImageReference}), the tag {@code latest} where it names neither tag nor
 * digest. Docker Hub's other names ({@code docker.io}, {@code index.docker.io}, {@code
 * registry.hub.docker.com}) become {@code registry-1.docker.io} too, with {@code library/} before a
 * one-part repository, so that each of them reaches the same endpoint and finds the same
 * credentials ({@link #aliases}).
 *
 * @param registry {@code host[:port]} as the HTTP endpoint is reached
 * @param repository the path, e.g. {@code library/busybox}
 * @param tag the tag, or {@code null} when the reference names only a digest
 * @param digest the pinned digest, or {@code null}
 */
public record RegistryRef(String registry, String repository, String tag, Digest digest) {
  /** Where a reference without a host goes: Docker Hub's registry endpoint. */

  /**
   * Parses a reference.
   *
   * @param where names the value in errors (an XML path)
   */
  public static RegistryRef parse(String text, String where) {
    ImageReference parsed =
        ImageReference.parse(text)
            .orElseThrow(
                () ->
                    new UserInputException(
                        where
                            + " '"
                            + text
                            + "' is not an image reference: write"
                            + " [host[:port]/]path[:tag][@sha256:hex], for example"
                            + " registry.example.org/team/base:1"));
    // Every name of Docker Hub is its endpoint, and docker.io/busybox is library/busybox as well.
    String registry =
        parsed.host() == null || isDockerHub(parsed.host()) ? DOCKER_HUB : parsed.host();
    String repository =
        registry.equals(DOCKER_HUB) && !parsed.path().contains("/")
            ? "library/" + parsed.path()
            : parsed.path();
    Digest digest =
        parsed.digest() == null ? null : Digest.parse(parsed.digest(), where + " '" + text + "'");
    String tag = parsed.tag() != null ? parsed.tag() : digest == null ? "latest" : null;
    return new RegistryRef(registry, repository, tag, digest);
  }

  /** Docker Hub's registry endpoint, which every name of Docker Hub stands for. */
  public static final String DOCKER_HUB = "registry-1.docker.io";

  /** Whether {@code registry} ({@code host[:port]}) is one of Docker Hub's names. */
  public static boolean isDockerHub(String registry) {
    return registry != null
        && RegistryAliasGroup.getAliasesGroup(DOCKER_HUB)
            .contains(registry.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The names a user may give {@code registry} in settings.xml {@code <server><id>}, {@code
   * <auth><registry>}, a mirror's {@code <registry>}: the name itself first, then for Docker Hub
   * {@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io} and {@code
   * registry.hub.docker.com}.
   */
  public static List<String> aliases(String registry) {
    List<String> names = new ArrayList<>();
    names.add(registry);
    if (isDockerHub(registry)) {
      for (String alias :
          List.of("docker.io", "index.docker.io", DOCKER_HUB, "registry.hub.docker.com")) {
        if (!names.contains(alias)) {
          names.add(alias);
        }
      }
    }
    return names;
  }

  /** Whether {@code a} and {@code b} name the same registry (Docker Hub's names are one). */
  public static boolean sameRegistry(String a, String b) {
    return a.trim().equalsIgnoreCase(b.trim()) || isDockerHub(a) && isDockerHub(b);
  }

  /** The same repository with another tag. */
  public RegistryRef withTag(String newTag) {
    return new RegistryRef(registry, repository, newTag, null);
  }

  /** The digest if pinned, else the tag: what goes after {@code /manifests/}. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  public Optional<Digest> pinned() {
    return Optional.ofNullable(digest);
  }

  /** Whether the registry is this machine (plain HTTP and credentials over it are allowed). */
  public boolean isLoopback() {
    return isLoopback(registry);
  }

  static boolean isLoopback(String registry) {
    String host = hostOf(registry).toLowerCase(Locale.ROOT);
    return host.equals("localhost")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  /**
   * Whether {@code uri} is on the registry's own {@code host[:port]}: the only place credentials
   * and tokens go, and where uploads must stay.
   */
  static boolean isRegistryAuthority(String registry, URI uri) {
    String authority = uri.getRawAuthority();
    return authority != null && authority.equalsIgnoreCase(registry);
  }

  /** The host without a port. */
  static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      return registry.substring(0, end + 1);
    }
    int colon = registry.lastIndexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
