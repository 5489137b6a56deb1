package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every configuration mistake, so that one build run reports all of them instead of making
 * the user fix them one rerun at a time. Each message names its XML path and a fix.
 */
final class Problems {
  private final List<String> messages = new ArrayList<>();

  void add(String message) {
    messages.add(message);
  }

  /** How many mistakes are recorded so far; lets a validator tell whether it added any. */
  int count() {
    return messages.size();
  }

  /** Runs a parse that reports mistakes by throwing; records the message and returns null. */
  <T> T attempt(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (UserInputException e) {
      messages.add(e.getMessage());
      return null;
    }
  }

  /**
   * The trimmed value, or {@code null} after recording that the element is missing.
   *
   * @param fix what to write instead, for example {@code <source>src/native</source>}
   */
  String required(String value, String where, String fix) {
    if (value == null || value.isBlank()) {
      messages.add(where + " is missing: " + fix);
      return null;
    }
    return value.trim();
  }

  /** A required absolute path inside an image or stage, or {@code null} after recording why not. */
  String imagePath(String value, String where, String example) {
    String path =
        required(value, where, "name an absolute path in the image, for example " + example);
    if (path != null && !path.startsWith("/")) {
      messages.add(
          where
              + " '"
              + path
              + "' is not an absolute path in the image: start it with /, for example "
              + example);
      return null;
    }
    return path;
  }

  /**
   * A required absolute path that names one tree of a stage, such as a layer's {@code <path>}:
   * repeated and trailing slashes are dropped ({@code /install/} is {@code /install}); {@code .}
   * and {@code ..} are refused, because the layer writes the tree at exactly this path.
   */
  String selectedPath(String value, String where, String example) {
    String path = imagePath(value, where, example);
    if (path == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        messages.add(
            where
                + " '"
                + path
                + "' has a '"
                + part
                + "' component: name the tree to copy by its plain path, for example "
                + example);
        return null;
      }
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** Throws one exception whose message lists every mistake, one per line. */
  void throwIfAny() {
    if (messages.isEmpty()) {
      return;
    }
    if (messages.size() == 1) {
      throw new UserInputException(messages.get(0));
    }
    StringBuilder text =
        new StringBuilder(messages.size() + " mistakes in the image-maven-plugin configuration:");
    for (String message : messages) {
      text.append(System.lineSeparator()).append("  - ").append(message);
    }
    throw new UserInputException(text.toString());
  }
}
