package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a verified Release may be used now, the way apt decides it. A signature proves who made
 * the index, not when: an attacker (or a stale mirror) can serve an old, validly signed index whose
 * packages have known holes (a freeze or replay attack). {@code Valid-Until} bounds that window, so
 * an index past it is refused; an index whose {@code Date} is in the future is refused too ("not
 * valid yet"), since it says the build's clock or the archive's is wrong, and a clock set back is
 * how an expired index would otherwise pass.
 *
 * <p>Both comparisons allow {@link #CLOCK_SKEW}: build hosts and archives are rarely more than
 * seconds apart, and a few minutes spare a build that starts the moment a mirror publishes.
 */
final class ReleaseValidity {
  /** How far the build's clock and the archive's may disagree. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

  private ReleaseValidity() {}

  /**
   * @param source the InRelease URL, which names the repository and the suite
   * @param now the build's clock
   * @throws UserInputException if the Release expired or is not valid yet
   */
  static void check(ReleaseFile release, String source, Instant now) {
    if (release.validUntil() != null && now.isAfter(release.validUntil().plus(CLOCK_SKEW))) {
      throw new UserInputException(
          source
              + ": the signed Release expired on "
              + ReleaseDates.SHOWN.format(release.validUntil())
              + " (its Valid-Until), "
              + ago(Duration.between(release.validUntil(), now))
              + " before this build's clock ("
              + ReleaseDates.SHOWN.format(now)
              + "). Either the mirror is no longer updated, or someone serves an old, validly signed"
              + " index to keep known-vulnerable packages installable; nothing was resolved from"
              + " it. Use an up-to-date mirror in "
              + ConfigPaths.POM.debian().repository()
              + " (or correct the build host's clock"
              + " if it is wrong), or build from a committed image-debian.lock, which does not read"
              + " the index");
    }
    if (release.date() != null && release.date().isAfter(now.plus(CLOCK_SKEW))) {
      throw new UserInputException(
          source
              + ": the signed Release is not valid yet: it is dated "
              + ReleaseDates.SHOWN.format(release.date())
              + ", "
              + ago(Duration.between(now, release.date()))
              + " after this build's clock ("
              + ReleaseDates.SHOWN.format(now)
              + "; "
              + CLOCK_SKEW.toMinutes()
              + " minutes of skew are allowed). Correct the build host's clock, or the"
              + " repository's if it is yours");
    }
  }

  /** {@code 3 days 4 h 5 min}: a duration the way people read it. */
  static String ago(Duration d) {
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    StringBuilder text = new StringBuilder();
    if (days > 0) {
      text.append(days).append(days == 1 ? " day " : " days ");
    }
    if (days > 0 || hours > 0) {
      text.append(hours).append(" h ");
    }
    return text.append(minutes).append(" min").toString();
  }
}
