package dev.imagesmith.project;

import java.nio.charset.StandardCharsets;

/**
 * The entry names a Spring Boot jar may hold, stricter than an archive's in a stage: a jar is
 * written by a tool, never by hand, so a name the JDK's jar tool or spring-boot-maven-plugin would
 * not write is refused rather than cleaned. Relative, {@code /}-separated, no empty, {@code .} or
 * {@code ..} component, no backslash (which Windows tools read as a separator), no NUL or other
 * control character, valid UTF-8 (a name that does not decode is U+FFFD and could merge with
 * another), and within Linux's name limits.
 */
final class JarNames {
  private static final int MAX_NAME_BYTES = 4096;
  private static final int MAX_COMPONENT_BYTES = 255;

  private JarNames() {}

  /**
   * Why {@code name} (without a directory's trailing {@code /}) is no name to extract, or {@code
   * null} when it is one.
   */
  static String problem(String name) {
    if (name.isEmpty()) {
      return "the name is empty";
    }
    if (name.startsWith("/")) {
      return "the name is absolute";
    }
    if (name.indexOf('\\') >= 0) {
      return "the name holds a backslash";
    }
    if (name.indexOf('\uFFFD') >= 0) {
      return "the name is not valid UTF-8";
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        return name.charAt(i) == 0 ? "the name holds a NUL byte" : "the name holds a control byte";
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "the name is longer than " + MAX_NAME_BYTES + " bytes";
    }
    for (String component : name.split("/", -1)) {
      if (component.isEmpty() || component.equals(".") || component.equals("..")) {
        return "the name has a component '" + component + "' (empty, '.' or '..')";
      }
      if (component.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
        return "a component of the name is longer than " + MAX_COMPONENT_BYTES + " bytes";
      }
    }
    return null;
  }
}
