package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads deb822 control data (Packages indexes, Release files, dpkg status, {@code .sources} files,
 * a package's {@code control}) one paragraph at a time, so that a 50 MB index never sits in memory
 * whole. Field names are kept as written; continuation lines are joined with {@code \n} (their
 * single leading space removed), as dpkg keeps them.
 */
final class ControlParagraphs {
  private ControlParagraphs() {}

  /**
   * Calls {@code each} with every paragraph, in order.
   *
   * @param keep the field names (as written, case-sensitive) to keep; {@code null} keeps all
   */
  static void read(BufferedReader in, Set<String> keep, Consumer<Map<String, String>> each)
      throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String current = null;
    StringBuilder value = null;
    for (String line = in.readLine(); ; line = in.readLine()) {
      boolean end = line == null;
      if (end || line.isBlank()) {
        if (current != null) {
          fields.put(current, value.toString());
          current = null;
        }
        if (!fields.isEmpty()) {
          each.accept(fields);
          fields = new LinkedHashMap<>();
        }
        if (end) {
          return;
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue; // comments are allowed in .sources files
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (value != null) {
          value.append('\n').append(line.substring(1));
        }
        continue;
      }
      if (current != null) {
        fields.put(current, value.toString());
        current = null;
        value = null;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue; // not a field; dpkg would refuse, we skip what we cannot use
      }
      String name = line.substring(0, colon);
      if (keep == null || keep.contains(name)) {
        current = name;
        value = new StringBuilder(line.substring(colon + 1).strip());
      } else {
        value = null;
      }
    }
  }
}
