package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0, 1.1",
    "1.0~rc1, 1.0",
    "1.0~~, 1.0~",
    "1.0, 1.0a",
    "1.0a, 1.0+",
    "1.9, 1.10",
    "2.36-9, 2.36-9+deb12u1",
    "2.36-9+deb12u1, 2.36-10",
    "9.9, 1:0.1",
    "1:1.35.0-4, 1:1.35.0-4+b3",
    "1.0-1, 1.0.1-1",
    "0001.2, 1.3",
    "1.0, 1.0-0.1"
  })
  void compare_ordersLikeDpkg(String older, String newer) {
    assertTrue(DebianVersion.compare(older, newer) < 0, older + " < " + newer);
    assertTrue(DebianVersion.compare(newer, older) > 0, newer + " > " + older);
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({"1.0, 1.0", "0:1.0, 1.0", "01.0, 1.00", "1.0-1, 1.0-01"})
  void compare_equalVersions(String a, String b) {
    assertEquals(0, DebianVersion.compare(a, b));
  }

  @ParameterizedTest(name = "{0} {1} {2} is {3}")
  @CsvSource({
    "2.36, >=, 2.34, true",
    "2.34, >=, 2.34, true",
    "2.33, >=, 2.34, false",
    "2.34, >>, 2.34, false",
    "2.33, <<, 2.34, true",
    "2.34, <=, 2.34, true",
    "2.34, =, 2.34, true",
    "2.35, =, 2.34, false"
  })
  void satisfies_operators(String version, String op, String bound, boolean expected) {
    assertEquals(expected, DebianVersion.satisfies(version, op, bound));
  }

  @org.junit.jupiter.api.Test
  void satisfies_noOperatorIsAnyVersion() {
    assertTrue(DebianVersion.satisfies("0", null, null));
    assertFalse(DebianVersion.satisfies("1", "<<", "1"));
  }
}
