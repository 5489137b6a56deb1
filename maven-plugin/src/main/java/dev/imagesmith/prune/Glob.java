package dev.imagesmith.prune;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern over clean image paths, in the style of Ant and Maven includes/excludes.
 *
 * <ul>
 *   <li>Matched component by component against the whole path from the stage root: {@code
 *       usr/share/doc} and {@code /usr/share/doc} both name only {@code /usr/share/doc}. A pattern
 *       that should match at any depth starts with {@code **}{@code /}.
 *   <li>{@code *} matches any run of characters within one component (never {@code /}), {@code ?}
 *       exactly one such character; several stars inside a component act as one {@code *}.
 *   <li>{@code **} as a whole component matches zero or more whole components: {@code **}{@code
 *       /*.a} matches {@code /libx.a} and {@code /usr/lib/libx.a}; {@code a/**} matches {@code a}
 *       itself and everything below it.
 *   <li>A trailing {@code /} is ignored; matching is case-sensitive; there are no character classes
 *       or alternatives ({@code [}, {@code ]}, {@code {}, {@code }} are literal).
 * </ul>
 *
 * Patterns never leave the stage (security-cases.md P25): a {@code .} or {@code ..} component, a
 * backslash or a NUL byte is rejected, and a pattern naming only the root ({@code /}) is rejected
 * since the root is never pruned. Matching is lexical and the pruner only offers paths it reached
 * without following a link, so a glob never descends through a symlinked directory.
 */
public final class Glob {
  private static final String ANY_DEPTH = "**";

  private final String pattern;
  private final List<String> components;

  private Glob(String pattern, List<String> components) {
    this.pattern = pattern;
    this.components = List.copyOf(components);
  }

  /**
   * Parses {@code pattern}.
   *
   * @param where what the pattern came from (an XML path), named in the error
   * @throws UserInputException if the pattern is empty or could name something outside the stage
   */
  public static Glob parse(String pattern, String where) {
    if (pattern == null || pattern.isBlank()) {
      throw invalid(pattern, where, "is empty");
    }
    if (pattern.indexOf('\0') >= 0) {
      throw invalid(pattern, where, "contains a NUL byte");
    }
    if (pattern.indexOf('\\') >= 0) {
      throw invalid(pattern, where, "contains a backslash; separate path components with /");
    }
    List<String> components = new ArrayList<>();
    for (String part : ImagePaths.components(pattern)) {
      if (part.equals(".") || part.equals("..")) {
        throw invalid(
            pattern,
            where,
            "has a '"
                + part
                + "' component; patterns match paths inside the stage from its root and cannot"
                + " leave it");
      }
      components.add(part);
    }
    if (components.isEmpty()) {
      throw invalid(pattern, where, "names the stage root, which is never pruned");
    }
    return new Glob(pattern, components);
  }

  private static UserInputException invalid(String pattern, String where, String why) {
    return new UserInputException(
        where + ": prune pattern '" + pattern + "' " + why + " (example: **/*.pyc)");
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** True if this pattern matches the clean image path {@code cleanPath}; never for {@code /}. */
  public boolean matches(String cleanPath) {
    List<String> path = ImagePaths.components(cleanPath);
    if (path.isEmpty()) {
      return false;
    }
    int patternCount = components.size();
    int pathCount = path.size();
    // matched[i][j]: pattern components from i match path components from j (no backtracking
    // blow-up however many ** a pattern has).
    boolean[][] matched = new boolean[patternCount + 1][pathCount + 1];
    matched[patternCount][pathCount] = true;
    for (int i = patternCount - 1; i >= 0; i--) {
      String part = components.get(i);
      for (int j = pathCount; j >= 0; j--) {
        if (part.equals(ANY_DEPTH)) {
          matched[i][j] = matched[i + 1][j] || (j < pathCount && matched[i][j + 1]);
        } else {
          matched[i][j] = j < pathCount && matched[i + 1][j + 1] && nameMatches(part, path.get(j));
        }
      }
    }
    return matched[0][0];
  }

  /**
   * Wildcard match of one name or path component: {@code *} any run of characters, {@code ?}
   * exactly one, everything else literal. Linear with one backtrack point, so a hostile pattern
   * (from an image's {@code ld.so.conf}, say) cannot make it slow.
   */
  public static boolean nameMatches(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int starMatch = 0;
    while (n < name.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        starMatch = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++starMatch;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
