package dev.imagesmith.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "**/*.a, /libx.a, true",
    "**/*.a, /usr/lib/libx.a, true",
    "**/*.a, /usr/lib/libx.so, false",
    "**/*.a, /usr/lib/x.a/y, false",
    "*.txt, /notes.txt, true",
    "*.txt, /app/notes.txt, false",
    "/app/*.txt, /app/notes.txt, true",
    "app/*.txt, /app/notes.txt, true",
    "app/*.txt, /x/app/notes.txt, false",
    "app/*, /app/a/b, false",
    "app/**, /app, true",
    "app/**, /app/a/b, true",
    "app/, /app, true",
    "**/share/doc, /usr/share/doc, true",
    "**/share/doc, /usr/share/doc/x, false",
    "**/share/doc, /usr/share/docs, false",
    "usr/**/bin/*, /usr/bin/x, true",
    "usr/**/bin/*, /usr/local/sub/bin/x, true",
    "usr/**/bin/*, /usr/local/bin, false",
    "lib?.so, /libc.so, true",
    "lib?.so, /lib.so, false",
    "lib?.so, /lib/.so, false",
    "a**b, /axxb, true",
    "a**b, /ax/xb, false",
    "**, /anything/at/all, true",
    "[ab], /[ab], true",
    "[ab], /a, false",
    "*, /, false",
  })
  void matches_antSemantics(String pattern, String path, boolean expected) {
    assertEquals(expected, Glob.parse(pattern, "test").matches(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../..", "a/../..", "../victim", "..\\victim", "./x", "/", "", " "})
  void P25_parse_patternThatCouldLeaveTheStage_rejected(String pattern) {
    UserInputException e =
        assertThrows(UserInputException.class, () -> Glob.parse(pattern, "prune/excludes"));
    assertTrue(e.getMessage().startsWith("prune/excludes: prune pattern '"), e::getMessage);
  }

  @ParameterizedTest
  @CsvSource({
    "abc, abc, true",
    "*, '', true",
    "a*c, abbbc, true",
    "a*c*d, acxd, true",
    "?, '', false"
  })
  void componentMatches_wildcards(String pattern, String name, boolean expected) {
    assertEquals(expected, Glob.nameMatches(pattern, name));
  }
}
