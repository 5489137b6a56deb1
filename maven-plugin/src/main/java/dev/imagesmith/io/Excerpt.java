package dev.imagesmith.io;

/**
 * Quotes untrusted text in a message: at most a few dozen characters, in single quotes, with every
 * control character, quote, backslash and non-ASCII character escaped. A file's content never
 * reaches a log whole (a token linked as a JSON file must not be printed), and a hostile name
 * cannot move the cursor or recolour a terminal.
 */
public final class Excerpt {
  /** How many characters (or bytes) of content a message quotes by default. */
  public static final int CONTENT = 40;

  /** How many characters of a name (a tag, a member, a media type) a message quotes. */
  public static final int NAME = 100;

  private Excerpt() {}

  /** {@code text} quoted and escaped, its first {@value #CONTENT} characters at most. */
  public static String quote(String text) {
    return quote(text, CONTENT);
  }

  /** A name quoted and escaped, its first {@value #NAME} characters at most. */
  public static String name(String text) {
    return quote(text, NAME);
  }

  /**
   * {@code text} quoted and escaped, its first {@code max} code points at most; a longer text ends
   * in {@code ...} after the closing quote, so the dots are never mistaken for content.
   */
  public static String quote(String text, int max) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    int i = 0;
    while (i < text.length() && shown < max) {
      int c = text.codePointAt(i);
      escape(out, c);
      i += Character.charCount(c);
      shown++;
    }
    out.append('\'');
    if (i < text.length()) {
      out.append("...");
    }
    return out.toString();
  }

  /**
   * The bytes {@code [from, from + max)} of {@code bytes} quoted and escaped byte by byte (a byte
   * outside printable ASCII as {@code \xNN}), with {@code ...} on the side where more follows.
   */
  public static String quote(byte[] bytes, int from, int max) {
    int start = Math.max(0, Math.min(from, bytes.length));
    int end = Math.min(bytes.length, start + Math.max(0, max));
    StringBuilder out = new StringBuilder(start > 0 ? "...'" : "'");
    for (int i = start; i < end; i++) {
      escape(out, bytes[i] & 0xff);
    }
    out.append('\'');
    if (end < bytes.length) {
      out.append("...");
    }
    return out.toString();
  }

  private static void escape(StringBuilder out, int c) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\'' -> out.append("\\'");
      case '\\' -> out.append("\\\\");
      default -> {
        if (c >= 0x20 && c < 0x7f) {
          out.append((char) c);
        } else if (c <= 0xff) {
          out.append(String.format("\\x%02x", c));
        } else if (c <= 0xffff) {
          out.append(String.format("\\u%04x", c));
        } else {
          out.append(String.format("\\U%08x", c));
        }
      }
    }
  }
}
