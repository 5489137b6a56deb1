package dev.imagesmith.maven;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The digest of the plugin's configuration as the POM gives it (the execution's merged {@code
 * <configuration>}, with the parameters' default expressions), for the provenance: which
 * configuration built the image. Canonical: element names, sorted attributes, trimmed values and
 * children in order; the project directory is written as {@code ${project.basedir}}, so that the
 * same project checked out elsewhere has the same digest.
 */
final class ConfigurationDigest {
  private ConfigurationDigest() {}

  /** Hex SHA-256, or {@code null} without a configuration. */
  static String of(Xpp3Dom configuration, Path basedir) {
    if (configuration == null) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    append(configuration, text, basedir.toAbsolutePath().normalize().toString());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void append(Xpp3Dom node, StringBuilder text, String basedir) {
    text.append('<').append(node.getName());
    String[] attributes = node.getAttributeNames();
    Arrays.sort(attributes);
    for (String attribute : attributes) {
      text.append(' ')
          .append(attribute)
          .append("=\"")
          .append(relative(node.getAttribute(attribute), basedir))
          .append('"');
    }
    text.append('>');
    if (node.getChildCount() == 0 && node.getValue() != null) {
      text.append(relative(node.getValue().strip(), basedir));
    }
    for (Xpp3Dom child : node.getChildren()) {
      append(child, text, basedir);
    }
    text.append("</").append(node.getName()).append('>');
  }

  private static String relative(String value, String basedir) {
    return value == null ? "" : value.replace(basedir, "${project.basedir}");
  }
}
