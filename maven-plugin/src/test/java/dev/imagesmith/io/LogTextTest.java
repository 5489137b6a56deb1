package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The console escaping of security case M4, character by character. */
class LogTextTest {
  @Test
  void M4_escape_makesInvisibleCharactersVisible() {
    assertEquals("evil\\n[INFO] x", LogText.escape("evil\n[INFO] x"));
    assertEquals("a\\rb", LogText.escape("a\rb"));
    assertEquals("\\x1b[2K\\x00\\x7f\\x85", LogText.escape("\u001b[2K\u0000\u007f\u0085"));
    assertEquals("abc\\u202egpj.exe", LogText.escape("abc\u202egpj.exe"), "bidi override");
    assertEquals("a\\u200bb\\u2028c", LogText.escape("a\u200bb\u2028c"), "zero width, separator");
    assertEquals("\\ud800x", LogText.escape("\ud800x"), "a lone surrogate");
    assertEquals(
        "tag\\U000e0001", LogText.escape("tag\uDB40\uDC01"), "a format character above U+FFFF");
  }

  @Test
  void M4_escape_keepsPrintableTextAsItIs() {
    String text = "/usr/share/doc/café/日本語\tκλειδί 🐳 \\n";
    assertSame(text, LogText.escape(text));
    assertEquals("null", LogText.escape(null));
  }

  @Test
  void M4_message_keepsItsLinesButNoneCanPassForMavens() {
    assertEquals(
        "failed:\n  [INFO] BUILD SUCCESS\n  - kept\n\n  last line\\x1b",
        LogText.message("failed:\n[INFO] BUILD SUCCESS\n  - kept\n\nlast line\u001b"));
    assertEquals("one\n  two\\rthree", LogText.message("one\r\ntwo\rthree"));
  }
}
