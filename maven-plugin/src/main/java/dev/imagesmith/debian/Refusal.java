package dev.imagesmith.debian;

import java.util.ArrayList;
import java.util.List;

/**
 * One relation of a {@code Conflicts} or {@code Breaks} field: a package (or virtual package, or
 * version range of one) that must not be installed together with the package declaring it.
 *
 * @param field {@code Conflicts} or {@code Breaks}
 * @param written the relation as the index wrote it ({@code libfoo (<< 2.0)}), for messages that
 *     the user can find again in the package's control file
 * @param relation the parsed relation
 */
public record Refusal(String field, String written, Relation relation) {
  /**
   * Parses a {@code Conflicts} or {@code Breaks} field. Debian policy allows no alternatives there
   * (dpkg refuses them), so a {@code |} is an error.
   *
   * @throws IllegalArgumentException naming the part that is not a relation
   */
  public static List<Refusal> parse(String field, String value) {
    List<Refusal> refusals = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return refusals;
    }
    for (String part : value.split(",")) {
      String written = part.strip();
      if (written.isEmpty()) {
        continue;
      }
      List<List<Relation>> groups = Relation.parseField(written);
      if (groups.size() != 1 || groups.get(0).size() != 1) {
        throw new IllegalArgumentException(
            field + " has '" + written + "'; alternatives are not allowed in " + field);
      }
      refusals.add(new Refusal(field, written, groups.get(0).get(0)));
    }
    return List.copyOf(refusals);
  }

  /**
   * Whether a package of this name and version, providing {@code provides}, is refused. As in dpkg:
   * the real package when its version is in range, and any package providing the name, where a
   * versioned refusal only matches a versioned {@code Provides} in range. The declaring package
   * itself is never refused (a package may conflict with a virtual name it provides): callers
   * compare names first.
   */
  boolean refuses(String name, String version, List<Relation> provides) {
    if (relation.name().equals(name) && relation.allows(version)) {
      return true;
    }
    for (Relation provided : provides) {
      if (provided.name().equals(relation.name())
          && (relation.op() == null
              || "=".equals(provided.op()) && relation.allows(provided.version()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return field + ": " + written;
  }
}
