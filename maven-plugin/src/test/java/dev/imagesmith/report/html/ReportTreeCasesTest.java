package dev.imagesmith.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.testkit.TestTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security case M5 (security-cases.md): file names built to break the report's file trees, read
 * from real layer tars: markup, quotes that would end an attribute, a newline and a forged log
 * line, control characters, a right-to-left override, and names as long as a tar allows. Every one
 * is shown as text, in full, in the filesystem tree and in its layer's tree; the page holds only
 * the tags and attributes the report itself writes.
 */
class ReportTreeCasesTest {
  private static final String SCRIPT = "<script>alert(1)<\\script>.txt";
  private static final String QUOTES = "q\"' onmouseover=\"alert(2)\" x='.txt";
  private static final String NEWLINE = "evil\n[INFO] BUILD SUCCESS";
  private static final String CONTROL = "bell\u0007esc\u001b[2Kdel\u007f";
  private static final String RTL = "invoice\u202efdp.exe";
  private static final String LONG = "n".repeat(250);

  /** Every tag and attribute the report writes. */
  private static final Set<String> TAGS =
      Set.of(
          "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "dl",
          "dt", "dd", "code", "section", "strong", "ul", "li", "div", "span", "table", "thead",
          "tbody", "tr", "th", "td", "details", "summary", "p", "footer", "br", "small");

  private static final Set<String> ATTRIBUTES =
      Set.of(
          "lang",
          "charset",
          "name",
          "content",
          "class",
          "style",
          "title",
          "open",
          "role",
          "aria-label");

  @TempDir Path scratch;

  @Test
  void M5_hostileNamesInTheFileTrees_shownAsTextInFullNeverAsMarkup() throws Exception {
    String deep = ("d" + "e".repeat(200) + "/").repeat(15); // about 3000 bytes of path
    TestTar base = TestTar.tar().dir("opt/").dir("opt/app/").file("opt/app/" + QUOTES, "old");
    TestTar added =
        TestTar.tar()
            .file("opt/app/" + SCRIPT, "x")
            .file("opt/app/" + QUOTES, "changed")
            .file("opt/app/" + NEWLINE, "x")
            .file("opt/app/" + CONTROL, "x")
            .file("opt/app/" + RTL, "x")
            .file("opt/app/" + LONG, "x")
            .file("opt/app/" + deep + "leaf", "x")
            .symlink("opt/app/link", "../" + SCRIPT + "\n" + QUOTES);
    String html =
        new String(
            HtmlReport.render(InspectedImage.of(scratch, base, added)), StandardCharsets.UTF_8);

    assertOnlyOwnMarkup(html);
    assertFalse(html.contains("<script"), "a script tag");
    assertFalse(html.contains("\u202e"), "a raw right-to-left override");
    assertFalse(html.chars().anyMatch(c -> c < 0x20 && c != '\n'), "a raw control character");
    assertFalse(html.contains("\u007f"), "a raw DEL");
    assertFalse(html.contains("evil\n"), "a raw newline inside a name");

    // Each name once in the filesystem tree and once in its layer's tree, escaped, never cut.
    assertShownTwice(html, "&lt;script&gt;alert(1)&lt;\\script&gt;.txt");
    assertShownTwice(html, "q&quot;&#39; onmouseover=&quot;alert(2)&quot; x=&#39;.txt");
    assertShownTwice(html, "evil\\n[INFO] BUILD SUCCESS");
    assertShownTwice(html, "bell\\x07esc\\x1b[2Kdel\\x7f");
    assertShownTwice(html, "invoice\\u202efdp.exe");
    assertShownTwice(html, LONG);
    assertTrue(
        html.contains(
            "<span class=\"n c\">q&quot;&#39; onmouseover=&quot;alert(2)&quot; x=&#39;.txt</span>"
                + "<span class=\"k c\" title=\"changed\">C</span>"),
        "the overwritten name is marked changed in its layer's tree");
    // The deep directories are one chain of single directories: one row, all of it.
    assertTrue(html.contains(deep.substring(0, deep.length() - 1)), "the deep path in full");
    assertTrue(
        html.contains(" \u2192 ../&lt;script&gt;alert(1)&lt;\\script&gt;.txt\\nq&quot;"),
        "a symlink target, escaped as a name");
  }

  /** Every tag is one of the report's, with only the report's attributes. */
  private static void assertOnlyOwnMarkup(String html) {
    String body = html.replaceFirst("(?s)<style>.*?</style>", "<style></style>");
    Matcher tag = Pattern.compile("<(/?)([^\\s>]*)([^>]*)>").matcher(body);
    int tags = 0;
    while (tag.find()) {
      tags++;
      String name = tag.group(2);
      if (name.equals("!DOCTYPE")) {
        continue;
      }
      assertTrue(TAGS.contains(name), "a tag the report does not write: " + tag.group());
      Matcher attribute = Pattern.compile("\\s([^\\s=]+)=\"[^\"]*\"").matcher(tag.group(3));
      int end = 0;
      while (attribute.find()) {
        assertTrue(ATTRIBUTES.contains(attribute.group(1)), "attribute in " + tag.group());
        assertEquals(end, attribute.start(), "unparsed text in " + tag.group());
        end = attribute.end();
      }
      assertEquals(tag.group(3).length(), end, "unparsed text in " + tag.group());
    }
    assertTrue(tags > 100, "a whole page: " + tags + " tags");
    assertEquals(-1, body.indexOf('<', body.lastIndexOf('>')), "a lone < at the end");
  }

  private static void assertShownTwice(String html, String escaped) {
    int count = html.split(Pattern.quote(escaped), -1).length - 1;
    assertTrue(count >= 2, escaped + " shown " + count + " times");
  }
}
