package dev.imagesmith.report.html;

import dev.imagesmith.io.LogText;

/** Escaping for text and attribute values (file names in an image can hold any character). */
final class Html {
  private Html() {}

  /**
   * A name from the image (a path, a library, a package) as text: every character the log would
   * escape is shown the same way ({@code \n} included), so a name reads the same in both (M4).
   */
  static String name(String text) {
    return escape(text == null ? null : LogText.escape(text));
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                  if (c != '\n' && c != '\t' && LogText.unprintable(c)) {
                    // Control, bidi and other invisible characters: shown, never markup.
                    out.append(LogText.escape(new String(Character.toChars(c))));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
