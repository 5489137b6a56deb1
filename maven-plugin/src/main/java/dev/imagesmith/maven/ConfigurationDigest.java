package dev.imagesmith.maven;

import dev.imagesmith.image.Digest;
import dev.imagesmith.io.Redaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The digest of the plugin's configuration as the POM gives it (the execution's merged {@code
 * <configuration>}, with the parameters' default expressions), for the provenance: which
 * configuration built the image. Canonical: element names, sorted attributes, trimmed values and
 * children in order; the project directory is written as {@code ${project.basedir}}, so that the
 * same project checked out elsewhere has the same digest.
 *
 * <p>The provenance is published with the image, and a digest of a text whose only unknown part is
 * a password lets anyone holding the POM try passwords offline. So secrets are masked before
 * hashing, always alike ({@link Redaction}): the value of an element or attribute named like one
 * ({@code <password>}, a {@code <token>}), and a URL's user-info and secret-looking parameters (a
 * signed {@code <download><url>}).
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
    return Digest.ofBytes(text.toString().getBytes(StandardCharsets.UTF_8)).encoded();
  }

  private static void append(Xpp3Dom node, StringBuilder text, String basedir) {
    text.append('<').append(node.getName());
    String[] attributes = node.getAttributeNames();
    Arrays.sort(attributes);
    for (String attribute : attributes) {
      text.append(' ')
          .append(attribute)
          .append("=\"")
          .append(value(attribute, node.getAttribute(attribute), basedir))
          .append('"');
    }
    text.append('>');
    if (node.getChildCount() == 0 && node.getValue() != null) {
      text.append(value(node.getName(), node.getValue().strip(), basedir));
    }
    for (Xpp3Dom child : node.getChildren()) {
      append(child, text, basedir);
    }
    text.append("</").append(node.getName()).append('>');
  }

  /** The value as hashed: secrets masked, the project directory relative. */
  private static String value(String name, String value, String basedir) {
    if (value == null) {
      return "";
    }
    if (!value.isEmpty() && Redaction.isSecretName(name)) {
      return Redaction.MASK;
    }
    String relative = value.replace(basedir, "${project.basedir}");
    return relative.contains("://") ? Redaction.url(relative) : relative;
  }
}
