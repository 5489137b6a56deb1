package dev.imagesmith.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for clean absolute image paths ({@code /}, {@code /usr/lib}): no empty, {@code .} or
 * {@code ..} components, no trailing slash. Paths from configuration or archives are not clean;
 * they go through {@link Sandbox#resolve} (securejoin), never through these lexical helpers.
 */
public final class ImagePaths {
  private ImagePaths() {}

  /**
   * Splits a path on {@code /}, dropping empty components; {@code .} and {@code ..} are kept
   * verbatim.
   */
  public static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** Joins clean components into a clean absolute path. */
  public static String join(List<String> components) {
    return components.isEmpty() ? "/" : "/" + String.join("/", components);
  }

  /** The parent of a clean path; the parent of {@code /} is {@code /}. */
  public static String parent(String cleanPath) {
    int slash = cleanPath.lastIndexOf('/');
    return slash <= 0 ? "/" : cleanPath.substring(0, slash);
  }

  /** The last component of a clean path, empty for {@code /}. */
  public static String name(String cleanPath) {
    return cleanPath.substring(cleanPath.lastIndexOf('/') + 1);
  }

  /** A clean child path. */
  public static String child(String cleanParent, String name) {
    return cleanParent.equals("/") ? "/" + name : cleanParent + "/" + name;
  }

  /**
   * True if {@code path} equals {@code ancestor} or lies below it (component-wise, not string
   * prefix).
   */
  public static boolean isWithin(String path, String ancestor) {
    return ancestor.equals("/")
        || path.equals(ancestor)
        || (path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/');
  }

  /**
   * Lexically cleans an absolute path from configuration: {@code ..} is clamped at {@code /}. Use
   * only where no filesystem is consulted (for example to name a layer's target path); inside a
   * sandbox use {@link Sandbox#resolve}, whose {@code ..} is not lexical.
   */
  public static String lexicalClean(String path) {
    List<String> out = new ArrayList<>();
    for (String part : components(path)) {
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(part);
    }
    return join(out);
  }
}
