package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code <sharedCacheMaxAge>} against an entry's created time, which is the pusher's word: any
 * sealed time, even the last instant Java knows, is an answer, never an overflow that fails the
 * build.
 */
class StageEntryAgeTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration TWO_WEEKS = Duration.ofDays(14);

  @Test
  void stale_olderThanTheLimit_stale_youngerNot_noLimitNever() {
    assertTrue(StageEntryReader.stale(NOW.minus(Duration.ofDays(15)), TWO_WEEKS, NOW));
    assertFalse(StageEntryReader.stale(NOW.minus(Duration.ofDays(13)), TWO_WEEKS, NOW));
    assertFalse(StageEntryReader.stale(Instant.EPOCH, null, NOW));
  }

  @Test
  void stale_createdAtTheEndOfTime_notStale_noOverflow() {
    // An entry sealed with org.opencontainers.image.created "+1000000000-12-31T23:59:59Z".
    Instant endOfTime = Instant.parse("+1000000000-12-31T23:59:59Z");
    assertFalse(StageEntryReader.stale(endOfTime, TWO_WEEKS, NOW));
    assertFalse(StageEntryReader.stale(endOfTime, Duration.ofDays(999_999_999), NOW));
    assertTrue(StageEntryReader.stale(Instant.MIN, Duration.ofDays(999_999_999), NOW));
  }
}
