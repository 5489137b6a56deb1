package dev.imagesmith.libcheck;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which distribution packages ship files of a name, for a hint about something that no stage has
 * ({@link DebianPackageLookup}: the {@code Contents} index of the build's Debian repository).
 */
@FunctionalInterface
public interface PackageLookup {
  /**
   * Looks file names up in one pass. Never throws for a lookup that cannot be made (offline, no
   * network): the answer says why instead, since a hint must never replace the check's own failure.
   *
   * @param names file names ({@code libz.so.1}, {@code perl})
   * @return the answer, or {@code null} when there is nothing to ask
   */
  Answer find(Set<String> names);

  /**
   * A file of a package.
   *
   * @param path its absolute path as the package installs it
   * @param packages the packages that ship it (usually one)
   */
  record Shipped(String path, List<String> packages) {
    public Shipped {
      packages = List.copyOf(packages);
    }
  }

  /**
   * @param byName the files of each name asked for (a name with none is absent)
   * @param source names the index for messages ({@code "Debian bookworm main amd64"})
   * @param unavailable why nothing could be looked up, or {@code null}
   */
  record Answer(Map<String, List<Shipped>> byName, String source, String unavailable) {
    public Answer {
      byName = Map.copyOf(byName);
    }

    public static Answer unavailable(String source, String why) {
      return new Answer(Map.of(), source, why);
    }
  }

  /** No lookup (the build installs no Debian packages): {@link #find} answers {@code null}. */
  PackageLookup NONE = names -> null;
}
