package dev.imagesmith.libcheck;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.prune.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <ignoreMissingLibraries>} (and {@code <ignoreMissingInterpreters>}) patterns. A
 * pattern without {@code /} matches the library's (the interpreter's) name with {@code *} and
 * {@code ?} ({@code libcuda.so.*}: a driver the host mounts at run time; {@code perl}); a pattern
 * with {@code /} is an Ant-style glob over the path of the file that needs it ({@code
 * /opt/app/plugins/**}: everything that file needs is let pass).
 */
public final class IgnorePatterns {
  private final List<String> names;
  private final List<Glob> files;

  private IgnorePatterns(List<String> names, List<Glob> files) {
    this.names = List.copyOf(names);
    this.files = List.copyOf(files);
  }

  public static IgnorePatterns none() {
    return new IgnorePatterns(List.of(), List.of());
  }

  /**
   * @param where the XML path of the list, e.g. {@code <ignoreMissingLibraries>}; each item is
   *     named {@code where/<ignoreMissingLibrary>[n]} ({@link ConfigPaths#POM}'s item)
   * @throws UserInputException for an empty pattern or a path glob that is not valid
   */
  public static IgnorePatterns parse(List<String> patterns, String where) {
    return parse(patterns, where, ConfigPaths.POM.ignoreMissingLibrary(), "libcuda.so.*");
  }

  /**
   * @param item the XML path of one pattern below {@code where} ({@code
   *     <ignoreMissingInterpreter>})
   * @param example a name pattern for the message about an empty one
   * @throws UserInputException for an empty pattern or a path glob that is not valid
   */
  public static IgnorePatterns parse(
      List<String> patterns, String where, String item, String example) {
    List<String> names = new ArrayList<>();
    List<Glob> files = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      String itemWhere = ConfigPaths.below(where, item) + "[" + (i + 1) + "]";
      String pattern = patterns.get(i) == null ? "" : patterns.get(i).trim();
      if (pattern.isEmpty()) {
        throw new UserInputException(
            itemWhere
                + " is empty: write a name pattern such as "
                + example
                + " or a path glob such as /opt/app/plugins/**");
      }
      if (pattern.contains("/")) {
        files.add(Glob.parse(pattern, itemWhere));
      } else {
        names.add(pattern);
      }
    }
    return new IgnorePatterns(names, files);
  }

  /** True if a missing {@code library} needed by {@code file} is let pass. */
  public boolean matches(String file, String library) {
    return names.stream().anyMatch(name -> Glob.nameMatches(name, library))
        || files.stream().anyMatch(g -> g.matches(file));
  }
}
