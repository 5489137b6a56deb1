package dev.imagesmith.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package relation of a {@code Depends}, {@code Pre-Depends} or {@code Provides} field: {@code
 * name[:arch] [(op version)]}. Architecture restrictions ({@code [amd64]}) and build profiles
 * ({@code <!nocheck>}) belong to source packages and are dropped.
 *
 * @param name the package (or virtual package) name
 * @param op {@code <<}, {@code <=}, {@code =}, {@code >=}, {@code >>}, or {@code null} for any
 *     version
 * @param version the bound, {@code null} when {@code op} is
 */
public record Relation(String name, String op, String version) {
  private static final Pattern ONE =
      Pattern.compile(
          "([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9-]+)?\\s*(?:\\(\\s*(<<|<=|>=|>>|=|<|>)\\s*([^)\\s]+)\\s*\\))?"
              + "\\s*(?:\\[[^]]*\\])?\\s*(?:<[^>]*>\\s*)*");

  /** Whether a package of this name and version satisfies the relation. */
  public boolean allows(String version) {
    return DebianVersion.satisfies(version, op, this.version);
  }

  @Override
  public String toString() {
    return op == null ? name : name + " (" + op + " " + version + ")";
  }

  /**
   * Parses a relation field into groups of alternatives: {@code a, b | c (>= 1)} is {@code [[a],
   * [b, c (>= 1)]]}.
   *
   * @throws IllegalArgumentException naming the part that is not a relation
   */
  public static List<List<Relation>> parseField(String field) {
    List<List<Relation>> groups = new ArrayList<>();
    if (field == null || field.isBlank()) {
      return groups;
    }
    for (String group : field.split(",")) {
      if (group.isBlank()) {
        continue;
      }
      List<Relation> alternatives = new ArrayList<>();
      for (String alternative : group.split("\\|")) {
        Matcher m = ONE.matcher(alternative.trim());
        if (!m.matches()) {
          throw new IllegalArgumentException("'" + alternative.trim() + "' is not a relation");
        }
        alternatives.add(new Relation(m.group(1), m.group(2), m.group(3)));
      }
      groups.add(List.copyOf(alternatives));
    }
    return List.copyOf(groups);
  }

  /** Parses a field without alternatives ({@code Provides}). */
  public static List<Relation> parseList(String field) {
    List<Relation> all = new ArrayList<>();
    for (List<Relation> group : parseField(field)) {
      all.addAll(group);
    }
    return all;
  }

  /** Joins groups back into field syntax, for messages. */
  public static String format(List<Relation> alternatives) {
    return String.join(" | ", alternatives.stream().map(Relation::toString).toList());
  }
}
