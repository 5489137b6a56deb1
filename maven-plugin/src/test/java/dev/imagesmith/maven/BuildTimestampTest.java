package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildTimestampTest {
  @Test
  void resolve_isoWithZ_isThatInstant() {
    assertEquals(
        Instant.parse("2026-01-01T00:00:00Z"), BuildTimestamp.resolve("2026-01-01T00:00:00Z", "5"));
  }

  @Test
  void resolve_isoWithOffset_isConvertedToUtcAndTruncatedToSeconds() {
    assertEquals(
        Instant.parse("2019-10-05T14:37:42Z"),
        BuildTimestamp.resolve("2019-10-05T20:37:42.750+06:00", null));
  }

  @Test
  void resolve_epochSeconds_isThatSecond() {
    assertEquals(Instant.ofEpochSecond(1767225600), BuildTimestamp.resolve("1767225600", null));
    assertEquals(Instant.ofEpochSecond(7), BuildTimestamp.resolve("7", null));
  }

  @Test
  void resolve_unsetProperty_usesSourceDateEpoch() {
    assertEquals(Instant.ofEpochSecond(1700000000), BuildTimestamp.resolve(null, "1700000000"));
  }

  @Test
  void resolve_oneCharacterProperty_disablesItLikeMavenArchiver() {
    assertEquals(Instant.ofEpochSecond(42), BuildTimestamp.resolve("-", "42"));
  }

  @Test
  void resolve_nothingSet_isTheUnixEpoch() {
    assertEquals(Instant.EPOCH, BuildTimestamp.resolve(null, null));
    assertEquals(Instant.EPOCH, BuildTimestamp.resolve("", " "));
  }

  // O6: a build timestamp that is not one fails naming where it came from.
  @Test
  void resolve_malformedProperty_namesTheProperty() {
    UserInputException mistake =
        assertThrows(UserInputException.class, () -> BuildTimestamp.resolve("2026-13-01", null));

    assertEquals(
        "The property project.build.outputTimestamp='2026-13-01' is not a timestamp: write"
            + " ISO-8601 with an offset such as 2026-01-01T00:00:00Z, or seconds since"
            + " 1970-01-01T00:00:00Z such as 1767225600",
        mistake.getMessage());
  }

  // O6: a SOURCE_DATE_EPOCH that is not a number of seconds.
  @Test
  void resolve_malformedSourceDateEpoch_namesTheVariable() {
    UserInputException mistake =
        assertThrows(UserInputException.class, () -> BuildTimestamp.resolve(null, "yesterday"));

    assertEquals(
        "The environment variable SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since"
            + " 1970-01-01T00:00:00Z: fix or unset it",
        mistake.getMessage());
  }
}
