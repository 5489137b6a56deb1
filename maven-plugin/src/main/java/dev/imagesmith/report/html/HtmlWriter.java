package dev.imagesmith.report.html;

import java.nio.charset.StandardCharsets;

/**
 * Writes the page so that nothing from the image can become markup: text goes in only through
 * {@link #text} or {@link #name}, which escape it, and tags and attribute names are checked to be
 * plain lowercase words, so only this package's own constants can name them. Attribute values are
 * escaped like text. The one raw string is the stylesheet, a constant of {@link Style}.
 *
 * <p>Names from the image (paths, link targets, libraries) take {@link #name}: shown the way the
 * log shows them, so a newline or a bidi override is visible as {@code \n} or {@code \u202e}
 * instead of reordering or breaking what follows (M4).
 */
final class HtmlWriter {
  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** The document's head: doctype, charset, title and the inline stylesheet. */
  HtmlWriter head(String title) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    element("title", title).line();
    out.append("<style>\n").append(Style.CSS).append("</style>\n</head>\n");
    return this;
  }

  /** A start tag; {@code attributes} are name, value pairs (a null value leaves it out). */
  HtmlWriter open(String tag, String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs");
    }
    out.append('<').append(word(tag));
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] != null) {
        out.append(' ').append(word(attributes[i])).append("=\"");
        Html.appendEscaped(out, attributes[i + 1]);
        out.append('"');
      }
    }
    out.append('>');
    return this;
  }

  /** A start tag with one class (none if {@code className} is null or empty). */
  HtmlWriter openClass(String tag, String className) {
    return open(tag, "class", className == null || className.isEmpty() ? null : className);
  }

  HtmlWriter close(String tag) {
    out.append("</").append(word(tag)).append('>');
    return this;
  }

  /** Text, escaped. */
  HtmlWriter text(String text) {
    Html.appendEscaped(out, text);
    return this;
  }

  HtmlWriter text(long number) {
    out.append(number);
    return this;
  }

  /** A name from the image or the configuration: escaped as the log escapes it, then as text. */
  HtmlWriter name(String name) {
    return text(Html.loggable(name));
  }

  /** {@code <tag>text</tag>}. */
  HtmlWriter element(String tag, String text) {
    return open(tag).text(text).close(tag);
  }

  /** {@code <tag class="...">text</tag>}. */
  HtmlWriter element(String tag, String className, String text) {
    return openClass(tag, className).text(text).close(tag);
  }

  /** A table cell of text. */
  HtmlWriter cell(String text) {
    return element("td", text);
  }

  /** A right-aligned table cell (numbers, sizes). */
  HtmlWriter numberCell(String text) {
    return element("td", "num", text);
  }

  /** A table cell holding a name from the image in code type. */
  HtmlWriter nameCell(String name) {
    return open("td").open("code").name(name).close("code").close("td");
  }

  /** A header row of a table: each heading starting with '#' is right-aligned (a number). */
  HtmlWriter headerRow(String... headings) {
    open("thead").open("tr");
    for (String heading : headings) {
      if (heading.startsWith("#") && heading.length() > 1) {
        element("th", "num", heading.substring(1));
      } else {
        element("th", heading);
      }
    }
    return close("tr").close("thead").line();
  }

  /** A line break in the source, for people reading it. */
  HtmlWriter line() {
    out.append('\n');
    return this;
  }

  byte[] bytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** A tag or attribute name: this package's constants only, so never anything from the image. */
  private static String word(String word) {
    if (word.isEmpty()) {
      throw new IllegalArgumentException("empty tag or attribute name");
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '-')))) {
        throw new IllegalArgumentException("not a tag or attribute name: " + word);
      }
    }
    return word;
  }
}
