package dev.imagesmith.io;

/**
 * Text for a terminal, from names nobody here chose: archive entries, file paths of an image,
 * library names read from ELF files, URLs, package names, stage names. Such a name may hold a
 * newline followed by {@code [INFO] BUILD SUCCESS}, a carriage return that overwrites the line
 * before, ANSI escapes that move the cursor, or bidirectional overrides that reorder what is shown.
 * Printed as they are, they forge log lines.
 *
 * <p>{@link #escape} makes them visible instead ({@code \n}, {@code \r}, {@code \x1b}, and a
 * backslash, {@code u} and hex digits for the others); the Maven log adapter applies it to every
 * line, whose messages are one line each by contract. {@link #message} is for error messages, which
 * may be several lines on purpose.
 */
public final class LogText {
  private LogText() {}

  /**
   * {@code text} with every control character (C0 but tab, DEL, C1), format character (bidi
   * overrides and isolates, zero-width characters), line or paragraph separator and lone surrogate
   * written as an escape: {@code \n}, {@code \r}, {@code \xNN} below 256, else a backslash, {@code
   * u} and four hex digits ({@code U} and eight above U+FFFF). Tabs, and all printable characters
   * of every script, stay as they are.
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    if (text.codePoints().noneMatch(LogText::unprintable)) {
      return text; // the usual case, without copying
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              if (!unprintable(c)) {
                out.appendCodePoint(c);
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
              } else if (c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append(String.format("\\U%08x", c));
              }
            });
    return out.toString();
  }

  /**
   * An error message of one or more lines, for Maven's console: each line {@link #escape}d, and
   * every line after the first that does not start with a space indented by two, so that no line of
   * the message can pass for a line of Maven's own ({@code [INFO] ...}). Names inside should still
   * be escaped where the message is made, so that each stays on its line.
   */
  public static String message(String text) {
    if (text == null) {
      return "null";
    }
    String[] lines = text.split("\r?\n", -1);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < lines.length; i++) {
      String line = escape(lines[i]);
      if (i > 0) {
        out.append('\n');
        if (!line.isEmpty() && !line.startsWith(" ")) {
          out.append("  ");
        }
      }
      out.append(line);
    }
    return out.toString();
  }

  /** True if {@link #escape} writes {@code codePoint} as an escape. */
  public static boolean unprintable(int c) {
    if (c == '\t') {
      return false;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}
