package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleaseValidityTest {
  private static final String URL = "http://mirror/debian/dists/bookworm-security/InRelease";
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  private static ReleaseFile release(String fields) throws Exception {
    return ReleaseFile.parse(
        "Suite: stable\n" + fields + "SHA256:\n " + "c".repeat(64) + " 1 main/x/Packages.gz");
  }

  @Test
  void parse_datesAsDebianArchivesWriteThem() {
    Instant expected = Instant.parse("2025-08-09T09:23:08Z");
    assertEquals(expected, ReleaseDates.parse("Date", "Sat, 09 Aug 2025 09:23:08 UTC"));
    assertEquals(expected, ReleaseDates.parse("Date", "Sat, 9 Aug 2025 09:23:08 GMT"));
    assertEquals(expected, ReleaseDates.parse("Date", "09 Aug 2025 11:23:08 +0200"));
    assertEquals(expected, ReleaseDates.parse("Date", "Sat, 09 aug 2025 09:23:08 Z"));
  }

  @Test
  void parse_garbage_namesFieldAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReleaseDates.parse("Valid-Until", "next Tuesday"));
    assertEquals(
        "its Valid-Until field 'next Tuesday' is not a date like 'Sat, 09 Aug 2025 09:23:08 UTC'",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ReleaseDates.parse("Date", "Sat, 31 Feb 2025 09:23:08 UTC"));
  }

  @Test
  void releaseFile_readsDateAndValidUntil() throws Exception {
    ReleaseFile release =
        release(
            "Date: Tue, 03 Mar 2026 12:00:00 UTC\nValid-Until: Tue, 10 Mar 2026 12:00:00 UTC\n");
    assertEquals(Instant.parse("2026-03-03T12:00:00Z"), release.date());
    assertEquals(Instant.parse("2026-03-10T12:00:00Z"), release.validUntil());
    assertEquals(null, release("").validUntil());
  }

  @Test
  void check_expiredBeyondSkew_isAFreezeOrReplay_refused() throws Exception {
    ReleaseFile release =
        release(
            "Date: Sun, 01 Mar 2026 08:00:00 UTC\nValid-Until: Sun, 08 Mar 2026 08:00:00 UTC\n");
    UserInputException e =
        assertThrows(UserInputException.class, () -> ReleaseValidity.check(release, URL, NOW));
    assertEquals(
        URL
            + ": the signed Release expired on 2026-03-08 08:00:00 UTC (its Valid-Until), 2 days 4"
            + " h 0 min before this build's clock (2026-03-10 12:00:00 UTC). Either the mirror is"
            + " no longer updated, or someone serves an old, validly signed index to keep"
            + " known-vulnerable packages installable; nothing was resolved from it. Use an"
            + " up-to-date mirror in <repository> (or correct the build host's clock if it is"
            + " wrong), or build from a committed image-debian.lock, which does not read the"
            + " index",
        e.getMessage());
  }

  @Test
  void check_withinSkew_passes() throws Exception {
    Instant validUntil = NOW.minus(ReleaseValidity.CLOCK_SKEW).plusSeconds(1);
    ReleaseFile expiredJustNow =
        new ReleaseFile(
            null,
            null,
            java.util.List.of(),
            java.util.List.of(),
            false,
            java.util.Map.of(),
            null,
            validUntil);
    ReleaseValidity.check(expiredJustNow, URL, NOW);
    ReleaseFile datedJustAhead =
        new ReleaseFile(
            null,
            null,
            java.util.List.of(),
            java.util.List.of(),
            false,
            java.util.Map.of(),
            NOW.plus(ReleaseValidity.CLOCK_SKEW),
            null);
    ReleaseValidity.check(datedJustAhead, URL, NOW);
    ReleaseValidity.check(release(""), URL, NOW); // neither field: nothing to check
  }

  @Test
  void check_dateInTheFutureBeyondSkew_isNotValidYet() throws Exception {
    ReleaseFile release = release("Date: Tue, 10 Mar 2026 13:30:00 UTC\n");
    UserInputException e =
        assertThrows(UserInputException.class, () -> ReleaseValidity.check(release, URL, NOW));
    assertEquals(
        URL
            + ": the signed Release is not valid yet: it is dated 2026-03-10 13:30:00 UTC, 1 h 30"
            + " min after this build's clock (2026-03-10 12:00:00 UTC; 10 minutes of skew are"
            + " allowed). Correct the build host's clock, or the repository's if it is yours",
        e.getMessage());
  }

  @Test
  void ago_readable() {
    assertEquals("5 min", ReleaseValidity.ago(Duration.ofMinutes(5)));
    assertEquals("1 day 0 h 1 min", ReleaseValidity.ago(Duration.ofMinutes(24 * 60 + 1)));
  }
}
