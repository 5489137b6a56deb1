package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a suite's {@code Contents-<arch>} index: one line per file of every package, its path
 * (relative to {@code /}, possibly with blanks) then, after the last run of blanks, the packages
 * that ship it as {@code section/name} or {@code area/section/name}, comma-separated. Old indexes
 * start with a header ending in a {@code FILE LOCATION} line; it is skipped like any line that
 * names no package.
 */
public final class ContentsIndex {
  private ContentsIndex() {}

  /**
   * A file of the index.
   *
   * @param path absolute, as the package installs it
   * @param packages the package names (sections dropped)
   */
  public record Entry(String path, List<String> packages) {
    public Entry {
      packages = List.copyOf(packages);
    }
  }

  /**
   * Every file whose last path component is one of {@code names}, by name, in index order; the
   * reader is read to its end.
   */
  public static Map<String, List<Entry>> search(BufferedReader reader, Set<String> names)
      throws IOException {
    Map<String, List<Entry>> found = new HashMap<>();
    for (String line; (line = reader.readLine()) != null; ) {
      int split = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
      if (split <= 0) {
        continue;
      }
      int end = split;
      while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
        end--;
      }
      int slash = line.lastIndexOf('/', end - 1);
      String name = line.substring(slash + 1, end);
      if (!names.contains(name)) {
        continue;
      }
      String path = line.substring(0, end);
      List<String> packages = new ArrayList<>();
      for (String qualified : line.substring(split + 1).split(",")) {
        String pkg = qualified.substring(qualified.lastIndexOf('/') + 1).strip();
        if (!pkg.isEmpty()) {
          packages.add(pkg);
        }
      }
      if (!packages.isEmpty()) {
        found
            .computeIfAbsent(name, key -> new ArrayList<>())
            .add(new Entry(path.startsWith("/") ? path : "/" + path, packages));
      }
    }
    return found;
  }
}
