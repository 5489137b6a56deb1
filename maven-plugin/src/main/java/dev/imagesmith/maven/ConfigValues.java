package dev.imagesmith.maven;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unmodifiable copies of what Maven's configurator filled in, with empty elements as "". */
final class ConfigValues {
  private ConfigValues() {}

  /**
   * A copy of {@code map} in the configurator's order (a TreeMap: sorted by name, so the same POM
   * always gives the same image config); {@code <CFLAGS/>} maps to "", {@code null} to empty.
   */
  static Map<String, String> map(Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, value == null ? "" : value));
    return Collections.unmodifiableMap(copy);
  }

  /** A copy of {@code list} ({@code <arg/>} maps to ""), {@code null} for {@code null}. */
  static List<String> listOrNull(List<String> list) {
    if (list == null) {
      return null;
    }
    List<String> copy = new ArrayList<>();
    list.forEach(value -> copy.add(value == null ? "" : value));
    return Collections.unmodifiableList(copy);
  }
}
