package dev.imagesmith.debian;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stage's dpkg database says is installed: package name to version, virtual name to the
 * packages providing it, and what each package provides and refuses ({@code Conflicts}, {@code
 * Breaks}).
 */
public record InstalledPackages(
    Map<String, String> versions,
    Map<String, List<String>> provides,
    Map<String, Declared> declared) {

  /** What one installed package's status paragraph declares about other packages. */
  public record Declared(List<Relation> provides, List<Refusal> refusals) {
    static final Declared NOTHING = new Declared(List.of(), List.of());

    public Declared {
      provides = List.copyOf(provides);
      refusals = List.copyOf(refusals);
    }
  }

  public InstalledPackages {
    versions = Map.copyOf(versions);
    provides = Map.copyOf(provides);
    declared = Map.copyOf(declared);
  }

  /** Versions and unversioned provides only, with no Conflicts or Breaks. */
  public InstalledPackages(Map<String, String> versions, Map<String, List<String>> provides) {
    this(versions, provides, declaredFrom(provides));
  }

  public static InstalledPackages none() {
    return new InstalledPackages(Map.of(), Map.of(), Map.of());
  }

  /** What {@code name} declares; nothing for a package that is not installed. */
  Declared declared(String name) {
    return declared.getOrDefault(name, Declared.NOTHING);
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

  private static Map<String, Declared> declaredFrom(Map<String, List<String>> provides) {
    Map<String, List<Relation>> byPackage = new HashMap<>();
    provides.forEach(
        (virtual, packages) ->
            packages.forEach(
                p ->
                    byPackage
                        .computeIfAbsent(p, n -> new ArrayList<>())
                        .add(new Relation(virtual, null, null))));
    Map<String, Declared> declared = new HashMap<>();
    byPackage.forEach((p, provided) -> declared.put(p, new Declared(provided, List.of())));
    return declared;
  }
}
