package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import java.util.Locale;

/**
 * Says at debug level ({@code mvn -X}) how long each phase of a build took, so that a slow build
 * shows where its time went without a profiler.
 */
final class PhaseClock {
  private final BuildLog log;
  private long lapStarted = System.nanoTime();

  PhaseClock(BuildLog log) {
    this.log = log;
  }

  /** Logs the time since the last lap (or the clock's start) as {@code phase}'s. */
  void lap(String phase) {
    long now = System.nanoTime();
    log.debug(String.format(Locale.ROOT, "Phase %s took %.3f s", phase, (now - lapStarted) / 1e9));
    lapStarted = now;
  }
}
