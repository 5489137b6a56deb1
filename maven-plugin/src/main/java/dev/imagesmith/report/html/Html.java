package dev.imagesmith.report.html;

import dev.imagesmith.io.LogText;

/**
 * Escaping for text and attribute values: file names in an image can hold any character. Used by
 * {@link HtmlWriter} only, so every string on the page passes through here.
 */
final class Html {
  private Html() {}

  /**
   * A name from the image (a path, a library, a package) as the log shows it: every character the
   * log would escape is written the same way ({@code \n} included), so a name reads the same in
   * both (M4), and a bidi override cannot reorder the page around it.
   */
  static String loggable(String name) {
    return name == null ? "" : LogText.escape(name);
  }

  /** Appends {@code text} with the five markup characters escaped and invisible ones shown. */
  static void appendEscaped(StringBuilder out, String text) {
    if (text == null) {
      return;
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c != '\n' && c != '\t' && LogText.unprintable(c)) {
            // Control, bidi and other invisible characters in text we wrote ourselves (messages
            // that quote a name): shown, never markup, never reordering.
            out.append(LogText.escape(new String(Character.toChars(c))));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
  }
}
