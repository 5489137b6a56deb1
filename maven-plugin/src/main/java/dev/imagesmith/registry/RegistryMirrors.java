package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Registry mirrors as containers' {@code registries.conf} has them: for a registry, mirrors that a
 * pull asks, in order, before the registry itself. A mirror may keep its copies below a path
 * ({@code nexus.example.org/dockerhub} serves {@code docker.io/library/busybox} as {@code
 * dockerhub/library/busybox}). Pushes never use a mirror: they go to the registry the image names.
 *
 * <p>What a mirror is trusted with: a manifest or blob asked for by digest is checked against that
 * digest whichever host served it, so a mirror can only fail such a pull, never change it; a tag is
 * resolved by the first mirror that has it, as containers do (pin the base by digest to leave a
 * mirror no say). Each mirror gets the credentials configured for its own host, never the
 * registry's. Docker Hub's names ({@code docker.io}, {@code index.docker.io}, ...) all key Docker
 * Hub's mirrors.
 */
public final class RegistryMirrors {
  /** No mirror for any registry. */
  public static final RegistryMirrors NONE = new RegistryMirrors(Map.of());

  /** {@code host}, {@code host:port} or {@code [v6]:port}: no scheme, no path, no user-info. */
  private static final Pattern HOST_PORT =
      Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

  /** The distribution spec's path components, joined by {@code /}. */
  private static final Pattern PATH =
      Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");

  /**
   * One mirror.
   *
   * @param registry the mirror's {@code host[:port]}
   * @param prefix the path its copies are below, empty for none
   */
  public record Mirror(String registry, String prefix) {
    /** Where the mirror keeps {@code repository} of the registry it mirrors. */
    String repository(String repository) {
      return prefix.isEmpty() ? repository : prefix + "/" + repository;
    }

    @Override
    public String toString() {
      return prefix.isEmpty() ? registry : registry + "/" + prefix;
    }
  }

  private final Map<String, List<Mirror>> byRegistry;

  private RegistryMirrors(Map<String, List<Mirror>> byRegistry) {
    this.byRegistry = byRegistry;
  }

  /** Adds the mirrors of one registry; the first call for a registry wins over later ones. */
  public static final class Builder {
    private final Map<String, List<Mirror>> byRegistry = new LinkedHashMap<>();

    /**
     * @param registry the mirrored registry's {@code host[:port]} (any of Docker Hub's names)
     * @param where its XML path or property, named in errors
     * @param mirrors each {@code host[:port][/path]}, in the order they are asked
     * @param mirrorWhere names the mirror at an index (0-based) in errors
     * @throws UserInputException naming {@code where} for a malformed name, a mirror of itself or a
     *     registry given twice
     */
    public Builder add(
        String registry, String where, List<String> mirrors, IntFunction<String> mirrorWhere) {
      String key = registryKey(registry, where);
      if (byRegistry.containsKey(key)) {
        throw new UserInputException(
            where
                + ": the mirrors of "
                + registry.trim()
                + " are already given; list all of a registry's mirrors in one place");
      }
      List<Mirror> parsed = new ArrayList<>();
      for (int i = 0; i < mirrors.size(); i++) {
        Mirror mirror = mirror(mirrors.get(i), mirrorWhere.apply(i));
        if (RegistryRef.sameRegistry(mirror.registry(), key) && mirror.prefix().isEmpty()) {
          throw new UserInputException(
              mirrorWhere.apply(i)
                  + " '"
                  + mirror
                  + "' is the registry itself; a mirror is another host");
        }
        parsed.add(mirror);
      }
      if (parsed.isEmpty()) {
        throw new UserInputException(
            where
                + " names no mirror for "
                + registry.trim()
                + ": give at least one mirror, host[:port][/path]");
      }
      byRegistry.put(key, List.copyOf(parsed));
      return this;
    }

    public RegistryMirrors build() {
      return byRegistry.isEmpty() ? NONE : new RegistryMirrors(Map.copyOf(byRegistry));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mirrors of the property form, {@code REGISTRY=MIRROR[,MIRROR...][;REGISTRY=...]}, for
   * {@code -Dimage.registryMirrors} and settings.xml profiles.
   *
   * @param where the property's name, for errors
   */
  public static RegistryMirrors parse(String text, String where) {
    Builder builder = builder();
    if (text == null || text.isBlank()) {
      return NONE;
    }
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new UserInputException(
            where
                + " entry '"
                + entry.trim()
                + "' names no mirror: write REGISTRY=MIRROR[,MIRROR...], entries separated by ;"
                + " (docker.io=mirror.gcr.io;quay.io=quay-cache.example.org:5000)");
      }
      List<String> mirrors = new ArrayList<>();
      for (String mirror : entry.substring(equals + 1).split(",")) {
        if (!mirror.isBlank()) {
          mirrors.add(mirror);
        }
      }
      String registry = entry.substring(0, equals).trim();
      builder.add(registry, where, mirrors, i -> where + " mirror " + (i + 1) + " of " + registry);
    }
    return builder.build();
  }

  /** The mirrors of {@code registry}, in the order they are asked; empty for none. */
  public List<Mirror> of(String registry) {
    List<Mirror> found =
        byRegistry.get(
            RegistryRef.isDockerHub(registry)
                ? RegistryRef.DOCKER_HUB
                : registry.toLowerCase(Locale.ROOT));
    return found == null ? List.of() : found;
  }

  public boolean isEmpty() {
    return byRegistry.isEmpty();
  }

  /** What the build log says about the mirrors, one line per registry; empty for none. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    byRegistry.forEach(
        (registry, mirrors) ->
            lines.add(
                "Mirrors of "
                    + registry
                    + " for pulls: "
                    + String.join(", ", mirrors.stream().map(Mirror::toString).toList())
                    + ", then "
                    + registry
                    + " itself"));
    return lines;
  }

  private static String registryKey(String text, String where) {
    String registry = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!HOST_PORT.matcher(registry).matches()) {
      throw new UserInputException(
          where
              + ": '"
              + (text == null ? "" : text.trim())
              + "' is not a registry: write its host[:port] as images name it (docker.io,"
              + " quay.io, registry.example.org:5000), without https://");
    }
    return RegistryRef.isDockerHub(registry) ? RegistryRef.DOCKER_HUB : registry;
  }

  private static Mirror mirror(String text, String where) {
    String trimmed = text == null ? "" : text.trim();
    int slash = trimmed.indexOf('/');
    String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String prefix = slash < 0 ? "" : trimmed.substring(slash + 1);
    if (trimmed.contains("://")
        || !HOST_PORT.matcher(host).matches()
        || !prefix.isEmpty() && !PATH.matcher(prefix).matches()) {
      throw new UserInputException(
          where
              + " '"
              + trimmed
              + "' is not a mirror: write host[:port][/path] as in registries.conf (mirror.gcr.io,"
              + " nexus.example.org:8443/dockerhub), without https:// (a mirror that speaks"
              + " plain HTTP goes in "
              + ConfigPaths.POM.insecureRegistries()
              + " too)");
    }
    return new Mirror(host.toLowerCase(Locale.ROOT), prefix);
  }
}
