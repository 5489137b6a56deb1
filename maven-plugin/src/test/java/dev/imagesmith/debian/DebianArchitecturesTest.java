package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianArchitecturesTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "linux/amd64, amd64",
    "linux/arm64, arm64",
    "linux/arm64/v8, arm64",
    "linux/arm/v7, armhf",
    "linux/arm, armhf",
    "linux/arm/v6, armel",
    "linux/386, i386",
    "linux/ppc64le, ppc64el",
    "linux/s390x, s390x"
  })
  void of_platformToDebian(String platform, String debian) {
    assertEquals(debian, DebianArchitectures.of(platform, "step"));
  }

  @org.junit.jupiter.api.Test
  void of_unknown_asksForArchitecture() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> DebianArchitectures.of("linux/wasm", "step"));
    assertEquals(
        "step: the platform linux/wasm has no Debian architecture; name one with <architecture>",
        e.getMessage());
  }
}
