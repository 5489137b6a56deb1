package dev.imagesmith.debian;

import java.util.List;
import java.util.Map;

/**
 * What a stage's dpkg database says is installed: package name to version, and virtual name to the
 * packages providing it.
 */
public record InstalledPackages(Map<String, String> versions, Map<String, List<String>> provides) {
  public InstalledPackages {
    versions = Map.copyOf(versions);
    provides = Map.copyOf(provides);
  }

  public static InstalledPackages none() {
    return new InstalledPackages(Map.of(), Map.of());
  }

  /** Whether an installed package (or one providing the name) satisfies {@code relation}. */
  boolean satisfies(Relation relation) {
    String version = versions.get(relation.name());
    if (version != null && relation.allows(version)) {
      return true;
    }
    // A versioned relation on a virtual name needs a versioned Provides; we accept any provider
    // only for unversioned relations, as apt does for plain Provides.
    return relation.op() == null && provides.containsKey(relation.name());
  }
}
