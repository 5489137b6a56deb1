package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses the packages to install for a request: the requested packages and, transitively, their
 * {@code Pre-Depends} and {@code Depends}, with alternatives ({@code a | b}: the first that is
 * already there or can be had), versioned constraints and virtual packages ({@code Provides}).
 *
 * <p>Deliberately simple and predictable, like apt without its problem solver: each name gets one
 * version (the newest that satisfies the first relation that needs it) and a later relation it does
 * not satisfy is an error, not a search. {@code Conflicts}, {@code Breaks} and {@code Recommends}
 * are not considered. Packages marked {@code Essential: yes} (dpkg, coreutils, ...) are taken only
 * when requested by name or when {@code withEssential} is set: every Debian system has them, so
 * packages depend on them without saying so, and following the few explicit dependencies on them
 * (mostly for maintainer scripts, which never run here) would bloat a small image.
 */
public final class Resolver {
  private final PackageIndex index;
  private final InstalledPackages installed;
  private final Set<String> excludes;
  private final boolean withEssential;

  private final Map<String, BinaryPackage> selected = new HashMap<>();
  private final Map<String, String> neededBy = new HashMap<>();
  private final Set<String> alreadyInstalled = new TreeSet<>();
  private final Set<String> skippedEssential = new TreeSet<>();
  private final Deque<BinaryPackage> work = new ArrayDeque<>();

  /**
   * @param excludes names never installed; a dependency naming one counts as satisfied
   * @param withEssential install the archive's Essential packages too, and follow dependencies on
   *     them
   */
  public Resolver(
      PackageIndex index,
      InstalledPackages installed,
      Set<String> excludes,
      boolean withEssential) {
    this.index = index;
    this.installed = installed;
    this.excludes = Set.copyOf(excludes);
    this.withEssential = withEssential;
  }

  /**
   * Resolves {@code requested} (package names, in the user's order).
   *
   * @param where names the configuration in errors (the step's XML path and repository)
   * @throws UserInputException for an unknown package or an unsatisfiable dependency
   */
  public Resolution resolve(List<String> requested, String where) {
    List<String> all = new ArrayList<>(requested);
    if (withEssential) {
      all.addAll(index.essentialNames());
    }
    for (String name : all) {
      if (excludes.contains(name) || selected.containsKey(name)) {
        continue;
      }
      if (installed.versions().containsKey(name)) {
        alreadyInstalled.add(name);
        continue;
      }
      select(requestedPackage(name, where), null);
    }
    while (!work.isEmpty()) {
      BinaryPackage pkg = work.removeFirst();
      List<List<Relation>> groups = new ArrayList<>();
      try {
        groups.addAll(pkg.preDepends());
        groups.addAll(pkg.depends());
      } catch (IllegalArgumentException e) {
        throw new UserInputException(
            where
                + ": the index entry of "
                + pkg.id()
                + " has a dependency field that cannot be read ("
                + e.getMessage()
                + ")");
      }
      for (List<Relation> group : groups) {
        satisfy(group, pkg, where);
      }
    }
    List<BinaryPackage> packages = new ArrayList<>(selected.values());
    packages.sort(Comparator.comparing(BinaryPackage::name));
    return new Resolution(
        packages, List.copyOf(alreadyInstalled), List.copyOf(new TreeSet<>(skippedEssential)));
  }

  private BinaryPackage requestedPackage(String name, String where) {
    var newest = index.newest(name);
    if (newest.isPresent()) {
      return newest.get();
    }
    List<PackageIndex.Provider> providers = index.providers(name);
    if (providers.size() == 1) {
      return providers.get(0).pkg();
    }
    if (providers.size() > 1) {
      Set<String> names = new TreeSet<>();
      providers.forEach(p -> names.add(p.pkg().name()));
      throw new UserInputException(
          where
              + ": '"
              + name
              + "' is a virtual package provided by "
              + String.join(", ", names)
              + "; name the one you want in <packages>");
    }
    throw new UserInputException(
        where
            + ": package '"
            + name
            + "' is not in the repository for architecture "
            + index.architecture()
            + "; check the spelling (package names are lower case), the <suite> and the"
            + " <components>");
  }

  private void select(BinaryPackage pkg, BinaryPackage parent) {
    selected.put(pkg.name(), pkg);
    if (parent != null) {
      neededBy.put(pkg.name(), parent.name());
    }
    work.addLast(pkg);
  }

  private void satisfy(List<Relation> group, BinaryPackage parent, String where) {
    for (Relation relation : group) {
      if (excludes.contains(relation.name())) {
        return;
      }
      if (installed.satisfies(relation)) {
        if (installed.versions().containsKey(relation.name())) {
          alreadyInstalled.add(relation.name());
        }
        return;
      }
      if (selectedSatisfies(relation)) {
        return;
      }
    }
    if (!withEssential) {
      for (Relation relation : group) {
        if (isEssential(relation.name())) {
          skippedEssential.add(relation.name());
          return;
        }
      }
    }
    List<String> reasons = new ArrayList<>();
    for (Relation relation : group) {
      BinaryPackage candidate = candidate(relation, reasons);
      if (candidate != null) {
        select(candidate, parent);
        return;
      }
    }
    throw new UserInputException(
        where
            + ": cannot satisfy the dependency '"
            + Relation.format(group)
            + "' of "
            + parent.name()
            + " "
            + parent.version()
            + chain(parent.name())
            + ": "
            + String.join("; ", reasons)
            + ". Pick another <suite>, add the missing <components>, or list a package that"
            + " provides it in <packages>");
  }

  private boolean selectedSatisfies(Relation relation) {
    BinaryPackage real = selected.get(relation.name());
    if (real != null && relation.allows(real.version())) {
      return true;
    }
    for (BinaryPackage pkg : selected.values()) {
      for (Relation provided : pkg.provides()) {
        if (provided.name().equals(relation.name()) && providesVersion(provided, relation)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean providesVersion(Relation provided, Relation wanted) {
    if (wanted.op() == null) {
      return true;
    }
    return "=".equals(provided.op()) && wanted.allows(provided.version());
  }

  /** The package to select for {@code relation}, or {@code null} after saying why there is none. */
  private BinaryPackage candidate(Relation relation, List<String> reasons) {
    BinaryPackage already = selected.get(relation.name());
    if (already != null) {
      reasons.add(
          relation.name()
              + " "
              + already.version()
              + " is already chosen"
              + chain(already.name())
              + " and does not satisfy it");
      return null;
    }
    List<BinaryPackage> versions = index.versions(relation.name());
    for (BinaryPackage pkg : versions) {
      if (relation.allows(pkg.version())) {
        return pkg;
      }
    }
    for (PackageIndex.Provider provider : index.providers(relation.name())) {
      if (selected.containsKey(provider.pkg().name())) {
        continue; // a different version of it is chosen and does not provide this
      }
      if (relation.op() == null
          || provider.version() != null && relation.allows(provider.version())) {
        return provider.pkg();
      }
    }
    if (!versions.isEmpty()) {
      List<String> have = versions.stream().map(BinaryPackage::version).toList();
      reasons.add("the repository has " + relation.name() + " " + String.join(", ", have));
    } else if (!index.providers(relation.name()).isEmpty()) {
      reasons.add("no provider of " + relation.name() + " has a matching version");
    } else {
      reasons.add(relation.name() + " is not in the repository");
    }
    return null;
  }

  private boolean isEssential(String name) {
    return index.versions(name).stream().anyMatch(BinaryPackage::essential);
  }

  /** {@code (needed by b <- a)}: why a package is in the selection. */
  private String chain(String name) {
    List<String> path = new ArrayList<>();
    Map<String, Boolean> seen = new TreeMap<>();
    for (String at = neededBy.get(name); at != null && seen.put(at, true) == null; ) {
      path.add(at);
      at = neededBy.get(at);
    }
    return path.isEmpty() ? "" : " (needed by " + String.join(" <- ", path) + ")";
  }
}
