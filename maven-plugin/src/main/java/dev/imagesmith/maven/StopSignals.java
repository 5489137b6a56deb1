package dev.imagesmith.maven;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <container><stopSignal>}: a Linux signal by name ({@code SIGTERM}, also without {@code
 * SIG}), a real-time signal ({@code SIGRTMIN+3}) or a number from 1 to 64, as {@code docker stop}
 * takes it. Names are written as {@code SIGNAME}, the form the OCI config describes.
 */
final class StopSignals {
  private static final Set<String> NAMES =
      Set.of(
          "ABRT", "ALRM", "BUS", "CHLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "KILL", "PIPE",
          "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
          "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");
  private static final Pattern REALTIME =
      Pattern.compile("RTMIN(?:\\+([0-9]{1,2}))?|RTMAX(?:-([0-9]{1,2}))?");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

  private StopSignals() {}

  /** The signal as the config holds it, {@code null} if absent or after recording why not. */
  static String parse(String text, String where, Problems problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String given = text.strip();
    String upper = given.toUpperCase(Locale.ROOT);
    String name = upper.startsWith("SIG") ? upper.substring(3) : upper;
    if (NUMBER.matcher(given).matches()) {
      int number = Integer.parseInt(given);
      if (number >= 1 && number <= 64) {
        return Integer.toString(number);
      }
    } else if (NAMES.contains(name)) {
      return "SIG" + name;
    } else {
      Matcher realtime = REALTIME.matcher(name);
      // SIGRTMIN is 34 and SIGRTMAX 64 on Linux: 30 signals between them.
      if (realtime.matches()
          && offset(realtime.group(1)) <= 30
          && offset(realtime.group(2)) <= 30) {
        return "SIG" + name;
      }
    }
    problems.add(
        where
            + " '"
            + given
            + "' is not a signal: write a name such as SIGTERM, SIGINT or SIGQUIT, SIGRTMIN+3, or a"
            + " number from 1 to 64");
    return null;
  }

  private static int offset(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }
}
