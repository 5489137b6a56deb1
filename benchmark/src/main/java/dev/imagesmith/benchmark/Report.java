package dev.imagesmith.benchmark;

import java.util.Locale;

/** How the scenarios print: progress as it happens, and each target as a PASS or FAIL line. */
final class Report {
  private Report() {}

  /** A progress line, flushed at once (the scenarios run for minutes). */
  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** {@code PASS what: ratio (target <= limit)}, or {@code >=} when the ratio must reach it. */
  static void target(String what, double ratio, double limit, boolean atMost) {
    boolean pass = atMost ? ratio <= limit : ratio >= limit;
    System.out.println(
        String.format(
            Locale.ROOT,
            "%s  %s: %.3f (target %s %.2f)",
            pass ? "PASS" : "FAIL",
            what,
            ratio,
            atMost ? "<=" : ">=",
            limit));
  }
}
