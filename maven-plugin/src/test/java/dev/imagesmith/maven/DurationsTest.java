package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One grammar for every duration of the configuration: what {@code <downloads>} always took (any
 * case, {@code min}, a space, a bare number of seconds) a run step's {@code <timeout>} and {@code
 * image.cacheMounts.wait} take too.
 */
class DurationsTest {
  @Test
  void parse_takesWhatDownloadsAlwaysTook() {
    assertEquals(Duration.ofSeconds(90), Durations.parse("90S"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5 min"));
    assertEquals(Duration.ofMinutes(30), Durations.parse(" 30m "));
    assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofHours(2), Durations.parse("2H"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
  }

  @Test
  void parse_refusesWhatIsNoDuration() {
    assertNull(Durations.parse("soon"));
    assertNull(Durations.parse("1m30s"));
    assertNull(Durations.parse("-5s"));
    assertNull(Durations.parse("10d"));
  }
}
