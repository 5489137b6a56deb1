package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the packages to install for a request: the requested packages and, transitively, their
 * {@code Pre-Depends} and {@code Depends}, with alternatives ({@code a | b}: the first that is
 * already there or can be had), versioned constraints and virtual packages ({@code Provides}).
 *
 * <p>Deliberately simple and predictable, like apt without its problem solver: each name gets one
 * version (the newest that satisfies the first relation that needs it) and a later relation it does
 * not satisfy is an error, not a search. {@code Recommends} are not considered.
 *
 * <p>{@code Conflicts} and {@code Breaks} are checked each time a package is chosen, against the
 * packages chosen so far and those in the stage's dpkg status, in both directions ({@code
 * Coexistence}). A dependency whose first choice clashes takes its next alternative ({@code a | b})
 * or the next provider of a virtual name; when none is left the resolution fails with one error
 * naming both packages, the relation as the index wrote it and what the user can change. There is
 * no backtracking: a choice made earlier is not revisited, which the error says how to steer.
 *
 * <p>A package in the stage's dpkg status (from {@code <from>} or an earlier step) is never
 * replaced: nothing here removes the old version's files or runs its scripts. It satisfies the
 * dependencies its version satisfies and no others; a dependency it is too old (or too new) for
 * takes another alternative, or fails with one error saying where the installed version comes from
 * and how to change that, rather than choosing a version that the installer could not put in its
 * place.
 *
 * <p>Packages marked {@code Essential: yes} (dpkg, coreutils, ...) are taken only when requested by
 * name or when {@code withEssential} is set: every Debian system has them, so packages depend on
 * them without saying so, and following the few explicit dependencies on them (mostly for
 * maintainer scripts, which never run here) would bloat a small image.
 */
public final class Resolver {
  /** How messages name the configuration's elements. */
  private static final ConfigPaths PATHS = ConfigPaths.POM;

  private final PackageIndex index;
  private final InstalledPackages installed;
  private final Set<String> excludes;
  private final boolean withEssential;

  private final Map<String, BinaryPackage> selected = new HashMap<>();
  private final Map<String, String> neededBy = new HashMap<>();
  private final Set<String> alreadyInstalled = new TreeSet<>();
  private final Set<String> skippedEssential = new TreeSet<>();
  private final Deque<BinaryPackage> work = new ArrayDeque<>();
  private final Set<String> requestedNames = new TreeSet<>();
  private final Map<String, List<Relation>> chosenFrom = new HashMap<>();
  private final Coexistence together;
  private final ResolutionErrors errors =
      new ResolutionErrors(neededBy, requestedNames, chosenFrom);

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
    this.together = new Coexistence(installed);
  }

  /**
   * Resolves {@code requested} (package names, in the user's order).
   *
   * @param where names the configuration in errors (the step's XML path and repository)
   * @throws UserInputException for an unknown package, an unsatisfiable dependency, or two packages
   *     that conflict
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
      BinaryPackage pkg = requestedPackage(name, where);
      if (installed.versions().containsKey(pkg.name())) {
        alreadyInstalled.add(pkg.name()); // a virtual name whose provider is in the stage
        continue;
      }
      requestedNames.add(pkg.name());
      Coexistence.Member member = member(pkg, where);
      var clash = together.clash(member);
      if (clash.isPresent()) {
        throw errors.conflict(clash.get(), member, null, List.of(), where);
      }
      select(pkg, null, null);
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
              + "; name the one you want in "
              + PATHS.debian().packages());
    }
    throw new UserInputException(
        where
            + ": package '"
            + name
            + "' is not in the repository for architecture "
            + index.architecture()
            + "; check the spelling (package names are lower case), the "
            + PATHS.debian().suite()
            + " and the "
            + PATHS.debian().components());
  }

  private void select(BinaryPackage pkg, BinaryPackage parent, List<Relation> group) {
    selected.put(pkg.name(), pkg);
    if (parent != null) {
      neededBy.put(pkg.name(), parent.name());
      chosenFrom.put(pkg.name(), group);
    }
    together.add(member(pkg, null));
    work.addLast(pkg);
  }

  /** {@code pkg} with its Conflicts and Breaks read; an unreadable field is the index's error. */
  private static Coexistence.Member member(BinaryPackage pkg, String where) {
    try {
      return Coexistence.Member.of(pkg);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          where
              + ": the index entry of "
              + pkg.id()
              + " has a Conflicts or Breaks field that cannot be read ("
              + e.getMessage()
              + ")");
    }
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
    List<String> inStage = new ArrayList<>();
    for (Relation relation : group) {
      String version = installed.versions().get(relation.name());
      if (version != null) {
        inStage.add(relation.name() + " " + version);
      }
    }
    Coexistence.Clash firstClash = null;
    Coexistence.Member firstClashing = null;
    for (Relation relation : group) {
      for (BinaryPackage candidate : candidates(relation, reasons)) {
        Coexistence.Member member = member(candidate, where);
        var clash = together.clash(member);
        if (clash.isEmpty()) {
          select(candidate, parent, group);
          return;
        }
        if (firstClash == null) {
          firstClash = clash.get();
          firstClashing = member;
        }
        reasons.add(errors.clashText(clash.get()));
      }
    }
    if (firstClash != null) {
      neededBy.put(firstClashing.name(), parent.name());
      throw errors.conflict(firstClash, firstClashing, group, reasons, where);
    }
    if (!inStage.isEmpty()) {
      throw errors.tooOldInStage(group, parent, inStage, reasons, where);
    }
    throw new UserInputException(
        where
            + ": cannot satisfy the dependency '"
            + Relation.format(group)
            + "' of "
            + parent.name()
            + " "
            + parent.version()
            + errors.chain(parent.name())
            + ": "
            + String.join("; ", reasons)
            + ". Pick another "
            + PATHS.debian().suite()
            + ", add the missing "
            + PATHS.debian().components()
            + ", or list a package that provides it in "
            + PATHS.debian().packages());
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

  /**
   * The packages that could be selected for {@code relation}, best first: the newest version of the
   * real package that satisfies it, then the providers of the name in index order. Empty after
   * saying why there is none.
   */
  private List<BinaryPackage> candidates(Relation relation, List<String> reasons) {
    BinaryPackage already = selected.get(relation.name());
    if (already != null) {
      reasons.add(
          relation.name()
              + " "
              + already.version()
              + " is already chosen"
              + errors.chain(already.name())
              + " and does not satisfy it");
      return List.of();
    }
    List<BinaryPackage> candidates = new ArrayList<>();
    String inStage = installed.versions().get(relation.name());
    if (inStage != null) {
      // The installer would skip the index's version and leave this one: not a candidate.
      reasons.add(
          "the stage has "
              + relation.name()
              + " "
              + inStage
              + " (in its dpkg status, from "
              + PATHS.from()
              + " or an earlier step), which does not satisfy"
              + " it, and a debian step never upgrades or replaces an installed package");
    }
    List<BinaryPackage> versions = inStage == null ? index.versions(relation.name()) : List.of();
    for (BinaryPackage pkg : versions) {
      if (relation.allows(pkg.version())) {
        candidates.add(pkg);
        break;
      }
    }
    for (PackageIndex.Provider provider : index.providers(relation.name())) {
      if (selected.containsKey(provider.pkg().name())) {
        continue; // a different version of it is chosen and does not provide this
      }
      String providerInStage = installed.versions().get(provider.pkg().name());
      if (providerInStage != null && !providerInStage.equals(provider.pkg().version())) {
        continue; // another version is in the stage and would stay there
      }
      if (relation.op() == null
          || provider.version() != null && relation.allows(provider.version())) {
        candidates.add(provider.pkg());
      }
    }
    if (!candidates.isEmpty()) {
      return candidates;
    }
    if (inStage != null) {
      return List.of();
    }
    if (!versions.isEmpty()) {
      List<String> have = versions.stream().map(BinaryPackage::version).toList();
      reasons.add("the repository has " + relation.name() + " " + String.join(", ", have));
    } else if (!index.providers(relation.name()).isEmpty()) {
      reasons.add("no provider of " + relation.name() + " has a matching version");
    } else {
      reasons.add(relation.name() + " is not in the repository");
    }
    return List.of();
  }

  private boolean isEssential(String name) {
    return index.versions(name).stream().anyMatch(BinaryPackage::essential);
  }
}
