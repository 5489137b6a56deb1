package dev.imagesmith.project;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot jar's {@code BOOT-INF/layers.idx}: its layers in order, least to most often
 * changed, each with the jar entries it holds. A name ending in {@code /} holds every entry below
 * it, any other name that one entry. An entry belongs to the first layer that holds it, as in
 * Spring Boot's own {@code extract --layers}.
 *
 * <pre>
 * - "dependencies":
 *   - "BOOT-INF/lib/"
 * - "application":
 *   - "BOOT-INF/classes/"
 * </pre>
 *
 * <p>The index comes from the jar, so it is read as untrusted: a layer name becomes a stage name
 * and a directory name, so it is letters, digits, {@code .}, {@code _} and {@code -} only; a listed
 * name must be one a jar entry could have ({@link JarNames}), and a file it names must be in the
 * jar.
 */
final class LayersIndex {
  private static final Pattern LAYER = Pattern.compile("- \"([^\"]*)\":");
  private static final Pattern NAME = Pattern.compile("  - \"([^\"]*)\"");
  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Map<String, List<String>> layers;

  private LayersIndex(Map<String, List<String>> layers) {
    this.layers = layers;
  }

  /** The layer names, in the index's order. */
  List<String> layers() {
    return List.copyOf(layers.keySet());
  }

  /** The first layer that holds {@code entry}, or {@code null} if none does. */
  String layerOf(String entry) {
    for (Map.Entry<String, List<String>> layer : layers.entrySet()) {
      for (String name : layer.getValue()) {
        if (name.endsWith("/") ? entry.startsWith(name) : entry.equals(name)) {
          return layer.getKey();
        }
      }
    }
    return null;
  }

  /**
   * Parses the index.
   *
   * @param files the names of the jar's files, which a listed file name must be one of
   * @throws IllegalArgumentException with the reason and the line, when it is malformed
   */
  static LayersIndex parse(byte[] bytes, Set<String> files) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("it is not UTF-8 text");
    }
    Map<String, List<String>> layers = new LinkedHashMap<>();
    List<String> current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String at = " (line " + (i + 1) + ")";
      if (line.isEmpty()) {
        continue;
      }
      Matcher layer = LAYER.matcher(line);
      Matcher name = NAME.matcher(line);
      if (layer.matches()) {
        String layerName = layer.group(1);
        if (!LAYER_NAME.matcher(layerName).matches()) {
          throw new IllegalArgumentException(
              "the layer name '"
                  + layerName
                  + "' is not 1 to 64 letters, digits, '.', '_' or '-'"
                  + at);
        }
        if (layers.containsKey(layerName)) {
          throw new IllegalArgumentException("the layer " + layerName + " is listed twice" + at);
        }
        current = new ArrayList<>();
        layers.put(layerName, current);
      } else if (name.matches()) {
        if (current == null) {
          throw new IllegalArgumentException("a name comes before the first layer" + at);
        }
        current.add(listedName(name.group(1), files, at));
      } else {
        throw new IllegalArgumentException(
            "the line is neither '- \"layer\":' nor '  - \"name\"'" + at);
      }
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("it lists no layer");
    }
    return new LayersIndex(layers);
  }

  private static String listedName(String name, Set<String> files, String at) {
    String directory = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String wrong = JarNames.problem(directory);
    if (wrong != null) {
      throw new IllegalArgumentException(
          "it lists '" + name + "', which names no entry of a jar: " + wrong + at);
    }
    if (!name.endsWith("/") && !files.contains(name)) {
      throw new IllegalArgumentException(
          "it lists the file '" + name + "', which is not in the jar" + at);
    }
    return name;
  }
}
