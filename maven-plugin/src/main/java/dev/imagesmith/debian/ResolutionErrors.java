package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link Resolver}'s errors: what could not be resolved, with both packages of a conflict and
 * their versions, the relation as the index wrote it, why each package is in the set (listed, in
 * the stage, or needed by a chain) and what the user can change. Reads the resolver's state as it
 * stands when the error is made.
 */
final class ResolutionErrors {
  /** How messages name the configuration's elements. */
  private static final ConfigPaths PATHS = ConfigPaths.POM;

  private final Map<String, String> neededBy;
  private final Set<String> requestedNames;
  private final Map<String, List<Relation>> chosenFrom;

  /**
   * @param neededBy which package pulled each one in
   * @param requestedNames the names listed in {@code <packages>}
   * @param chosenFrom the dependency each chosen package satisfied
   */
  ResolutionErrors(
      Map<String, String> neededBy,
      Set<String> requestedNames,
      Map<String, List<Relation>> chosenFrom) {
    this.neededBy = neededBy;
    this.requestedNames = requestedNames;
    this.chosenFrom = chosenFrom;
  }

  /**
   * The error for a dependency that only a newer (or other) version of a package already in the
   * stage could satisfy: this step cannot replace it, so the user must bring the two together.
   *
   * @param inStage {@code name version} of each package of {@code group} in the stage
   */
  UserInputException tooOldInStage(
      List<Relation> group,
      BinaryPackage parent,
      List<String> inStage,
      List<String> reasons,
      String where) {
    String names = String.join(", ", inStage.stream().map(p -> p.split(" ")[0]).toList());
    List<String> path = neededByPath(parent.name());
    String listed = path.isEmpty() ? parent.name() : path.get(path.size() - 1);
    return new UserInputException(
        where
            + ": "
            + parent.name()
            + " "
            + parent.version()
            + chain(parent.name())
            + " needs '"
            + Relation.format(group)
            + "': "
            + String.join("; ", reasons)
            + ". To fix: list "
            + listed
            + " in the "
            + PATHS.debian().packages()
            + " of the step that installs "
            + names
            + ", so that one resolution picks versions that fit together; or build on a "
            + PATHS.from()
            + " image whose "
            + names
            + " satisfies '"
            + Relation.format(group)
            + "'; or pick a "
            + PATHS.debian().suite()
            + " whose "
            + parent.name()
            + " works with "
            + String.join(", ", inStage));
  }

  /** {@code x 1 has 'Breaks: y (<< 2)' and y 1.5 is ...}: one clash, for a list of reasons. */
  String clashText(Coexistence.Clash clash) {
    return clash.declaring().id()
        + " has '"
        + clash.refusal()
        + "' and "
        + clash.refused().id()
        + (clash.declaring().inStage() || clash.refused().inStage()
            ? " (one of them is in the stage's dpkg status)"
            : "");
  }

  /**
   * The error for {@code added}, which clashes with a package of the set: both packages with their
   * versions, the relation as written, why each is there, and what the user can change.
   *
   * @param group the dependency {@code added} would have satisfied, {@code null} if requested
   * @param reasons why each alternative of {@code group} failed
   */
  UserInputException conflict(
      Coexistence.Clash clash,
      Coexistence.Member added,
      List<Relation> group,
      List<String> reasons,
      String where) {
    Coexistence.Member other =
        clash.declaring().name().equals(added.name()) ? clash.refused() : clash.declaring();
    StringBuilder message = new StringBuilder(where);
    message
        .append(": ")
        .append(added.id())
        .append(" and ")
        .append(other.id())
        .append(" cannot be installed together: ")
        .append(clash.declaring().name())
        .append(" has '")
        .append(clash.refusal())
        .append("'");
    if (clash.declaring().inStage()) {
      message.append(" in the stage's dpkg status");
    }
    message.append(". ").append(why(added)).append("; ").append(why(other)).append(".");
    if (group != null && reasons.size() > 1) {
      message
          .append(" No choice for '")
          .append(Relation.format(group))
          .append("' avoids a conflict: ")
          .append(String.join("; ", reasons))
          .append(".");
    }
    List<String> fixes = new ArrayList<>();
    // Only the package chosen earlier can be steered: the one being added had no better choice.
    List<Relation> otherFrom = other.inStage() ? null : chosenFrom.get(other.name());
    if (otherFrom != null && otherFrom.size() > 1) {
      fixes.add(
          "name another alternative of '"
              + Relation.format(otherFrom)
              + "' in "
              + PATHS.debian().packages()
              + " (listed packages are chosen before any dependency)");
    }
    if (other.inStage()) {
      fixes.add(
          "build the stage without "
              + other.name()
              + " (it comes from "
              + PATHS.from()
              + " or an earlier step) or install "
              + added.name()
              + " in another stage");
    }
    for (Coexistence.Member member : List.of(added, other)) {
      if (!member.inStage() && !requestedNames.contains(member.name())) {
        fixes.add(
            "add "
                + member.name()
                + " to "
                + PATHS.debian().excludes()
                + " if the image does not need it (a dependency on an excluded"
                + " package counts as satisfied)");
      }
    }
    if (!other.inStage()) {
      fixes.add("install the two in separate stages");
    }
    message.append(" To fix: ").append(String.join("; or ", fixes));
    return new UserInputException(message.toString());
  }

  /** Why a package is in the set: in the stage, listed, or needed by a chain. */
  private String why(Coexistence.Member member) {
    if (member.inStage()) {
      return member.id() + " is in the stage's dpkg status";
    }
    if (requestedNames.contains(member.name())) {
      return member.id() + " is listed in " + PATHS.debian().packages();
    }
    return member.id() + " is needed by " + String.join(" <- ", neededByPath(member.name()));
  }

  /** {@code (needed by b <- a)}: why a package is in the selection. */
  String chain(String name) {
    List<String> path = neededByPath(name);
    return path.isEmpty() ? "" : " (needed by " + String.join(" <- ", path) + ")";
  }

  /** The packages that pulled {@code name} in, nearest first. */
  private List<String> neededByPath(String name) {
    List<String> path = new ArrayList<>();
    Map<String, Boolean> seen = new TreeMap<>();
    for (String at = neededBy.get(name); at != null && seen.put(at, true) == null; ) {
      path.add(at);
      at = neededBy.get(at);
    }
    return path;
  }
}
