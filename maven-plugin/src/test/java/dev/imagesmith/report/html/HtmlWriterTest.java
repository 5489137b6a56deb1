package dev.imagesmith.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Markup only from this package's words; everything else escaped, names as the log shows them
 * (security case M5: hostile names in the report's file trees).
 */
class HtmlWriterTest {
  @Test
  void text_andAttributeValues_areEscaped() {
    String html =
        new HtmlWriter()
            .open("span", "title", "\"><script>x</script>")
            .text("<b>&'\"")
            .close("span")
            .toString();
    assertEquals(
        "<span title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;&amp;&#39;&quot;</span>",
        html);
  }

  @Test
  void name_showsInvisibleCharactersAsTheLogDoes() {
    assertEquals(
        "a\\nb\\x07c\\u202ed&lt;", new HtmlWriter().name("a\nb\u0007c\u202ed<").toString());
  }

  @Test
  void tagOrAttributeNameThatIsNotAPlainWord_isRefused() {
    HtmlWriter out = new HtmlWriter();
    assertThrows(IllegalArgumentException.class, () -> out.open("img src=x onerror=alert(1)"));
    assertThrows(IllegalArgumentException.class, () -> out.open("span", "on<x", "y"));
    assertThrows(IllegalArgumentException.class, () -> out.close("/span"));
    assertThrows(IllegalArgumentException.class, () -> out.open("span", "class"));
  }

  @Test
  void nullAttributeValue_leavesTheAttributeOut() {
    assertEquals("<details>", new HtmlWriter().open("details", "open", null).toString());
    assertEquals("<details open=\"\">", new HtmlWriter().open("details", "open", "").toString());
  }
}
