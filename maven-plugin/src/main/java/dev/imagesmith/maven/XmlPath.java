package dev.imagesmith.maven;

/**
 * Builds the XML paths that messages use to point at an element, in the notation described in
 * {@code package-info}: {@code <stages>/<stage>[2] (builder)/<steps>/<copy>[1]/<source>}.
 */
final class XmlPath {
  private XmlPath() {}

  /** A top-level element of the plugin's {@code <configuration>}, for example {@code <from>}. */
  static String root(String element) {
    return "<" + element + ">";
  }

  /** A child element that occurs once, for example {@code .../<source>}. */
  static String child(String parent, String element) {
    return parent + "/<" + element + ">";
  }

  /** The {@code index}-th (0-based here, 1-based in the text) of repeated sibling elements. */
  static String item(String parent, String element, int index) {
    return parent + "/<" + element + ">[" + (index + 1) + "]";
  }
}
