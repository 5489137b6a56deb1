package dev.imagesmith.libcheck;

import dev.imagesmith.fs.ImagePaths;
import java.util.Optional;

/**
 * A script's {@code #!} line as Linux reads it (fs/binfmt_script.c): blanks after {@code #!}
 * skipped, the interpreter up to the next blank, and everything after it, blanks trimmed, as one
 * optional argument (never split further: {@code #!/usr/bin/env perl -w} asks {@code env} for a
 * program named {@code "perl -w"}).
 *
 * @param line the line after {@code #!}, as the file has it
 * @param interpreter the interpreter's path as written
 * @param argument the one optional argument, or {@code null}
 */
record Shebang(String line, String interpreter, String argument) {
  /** Empty when the line names no interpreter. */
  static Optional<Shebang> parse(String line) {
    String text = line.replaceFirst("\r$", "");
    int start = skipBlanks(text, 0);
    int end = start;
    while (end < text.length() && !isBlank(text.charAt(end))) {
      end++;
    }
    if (end == start) {
      return Optional.empty();
    }
    String rest = text.substring(skipBlanks(text, end)).replaceFirst("[ \t]+$", "");
    return Optional.of(new Shebang(line, text.substring(start, end), rest.isEmpty() ? null : rest));
  }

  /** True for {@code #!/usr/bin/env ...}: the program it starts is looked up on {@code PATH}. */
  boolean isEnv() {
    return ImagePaths.name(interpreter).equals("env") && argument != null;
  }

  /**
   * The program {@code env} is asked to run: its argument, or with {@code -S} the first word after
   * it; empty when the argument is another option or an assignment, which this check cannot follow.
   */
  Optional<String> envProgram() {
    if (!isEnv()) {
      return Optional.empty();
    }
    if (argument.startsWith("-S")) {
      String split = argument.substring(2).strip();
      String first = split.isEmpty() ? "" : split.split("[ \t]+")[0];
      return first.isEmpty() || first.startsWith("-") || first.contains("=")
          ? Optional.empty()
          : Optional.of(first);
    }
    if (argument.startsWith("-") || argument.contains("=")) {
      return Optional.empty();
    }
    return Optional.of(argument);
  }

  /** {@code #!} and the line, for messages. */
  String shown() {
    return "#!" + line.strip();
  }

  private static int skipBlanks(String text, int from) {
    int i = from;
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
