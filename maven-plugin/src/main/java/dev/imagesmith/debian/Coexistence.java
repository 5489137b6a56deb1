package dev.imagesmith.debian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The packages that will be on the stage together, the ones its dpkg status already has and the
 * ones the resolver chose so far, checked for {@code Conflicts} and {@code Breaks} in both
 * directions each time one is added.
 *
 * <p>dpkg can deconfigure a package another one {@code Breaks}, and remove one another {@code
 * Conflicts} with and {@code Replaces}; nothing here runs dpkg and nothing is removed from the
 * stage, so both fields mean the same: the two packages cannot be installed together. A refusal of
 * a package that is neither in the stage nor chosen costs nothing, which is what makes the common
 * {@code Breaks: foo (<< 2), Replaces: foo (<< 2)} of a file moved between packages harmless.
 */
final class Coexistence {
  /**
   * A package of the set.
   *
   * @param inStage whether it is in the stage's dpkg status (rather than chosen by the resolver)
   */
  record Member(
      String name,
      String version,
      List<Relation> provides,
      List<Refusal> refusals,
      boolean inStage) {
    /**
     * @throws IllegalArgumentException if its Conflicts or Breaks field is not a relation list
     */
    static Member of(BinaryPackage pkg) {
      List<Refusal> refusals = new ArrayList<>();
      refusals.addAll(Refusal.parse("Conflicts", pkg.conflictsField()));
      refusals.addAll(Refusal.parse("Breaks", pkg.breaksField()));
      return new Member(pkg.name(), pkg.version(), pkg.provides(), refusals, false);
    }

    String id() {
      return name + " " + version;
    }
  }

  /**
   * Two packages that cannot be installed together.
   *
   * @param declaring the package whose field says so
   * @param refusal the relation of its field that matches {@code refused}
   */
  record Clash(Member declaring, Refusal refusal, Member refused) {
    /** The package that was being added: the other one is already in the set. */
    Member added(String addedName) {
      return declaring.name().equals(addedName) ? declaring : refused;
    }
  }

  /** By name; the stage's packages first (sorted), so the first clash found is deterministic. */
  private final Map<String, Member> members = new LinkedHashMap<>();

  Coexistence(InstalledPackages installed) {
    new TreeMap<>(installed.versions())
        .forEach(
            (name, version) -> {
              InstalledPackages.Declared declared = installed.declared(name);
              members.put(
                  name, new Member(name, version, declared.provides(), declared.refusals(), true));
            });
  }

  /**
   * The first clash between {@code candidate} and the set, either way round. A member of the same
   * name is not compared: the candidate would take its place.
   */
  Optional<Clash> clash(Member candidate) {
    for (Member member : members.values()) {
      if (member.name().equals(candidate.name())) {
        continue;
      }
      for (Refusal refusal : candidate.refusals()) {
        if (refusal.refuses(member.name(), member.version(), member.provides())) {
          return Optional.of(new Clash(candidate, refusal, member));
        }
      }
      for (Refusal refusal : member.refusals()) {
        if (refusal.refuses(candidate.name(), candidate.version(), candidate.provides())) {
          return Optional.of(new Clash(member, refusal, candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** Adds a chosen package; it replaces a stage package of the same name. */
  void add(Member member) {
    members.remove(member.name());
    members.put(member.name(), member);
  }
}
