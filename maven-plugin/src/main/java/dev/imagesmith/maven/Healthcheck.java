package dev.imagesmith.maven;

import dev.imagesmith.plan.HealthcheckSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <container><healthcheck>}: Docker's {@code HEALTHCHECK}. Exactly one of {@code <command>}
 * (a program and its arguments, one {@code <arg>} each: {@code HEALTHCHECK CMD ["prog", "arg"]}),
 * {@code <shellCommand>} (run by the image's {@code /bin/sh -c}: {@code HEALTHCHECK CMD prog arg})
 * or {@code <disabled>true</disabled>} ({@code HEALTHCHECK NONE}: not even the base's check).
 */
public final class Healthcheck {
  /** Go's duration syntax as Docker reads it, restricted to what a health check needs. */
  private static final Pattern DURATION = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h))+");

  private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  /** The program and its arguments, one {@code <arg>} each. */
  private List<String> command;

  /** A command for the image's {@code /bin/sh -c}. */
  private String shellCommand;

  /** {@code true}: no health check, not even the base image's. */
  private boolean disabled;

  /** Between checks: {@code 30s}, {@code 1m30s}; the runtime's default is 30 s. */
  private String interval;

  /** The longest one check may take before it counts as failed; default 30 s. */
  private String timeout;

  /** Time to start, during which failed checks do not count; default 0. */
  private String startPeriod;

  /** Between checks during the start period (Docker 25 and later). */
  private String startInterval;

  /** Failures in a row that make the container unhealthy; default 3. */
  private Integer retries;

  /** The validated spec, or {@code null} after recording each mistake. */
  static HealthcheckSpec toSpec(Healthcheck given, String where, Problems problems) {
    if (given == null) {
      return null;
    }
    int before = problems.count();
    List<String> test = given.test(where, problems);
    Duration interval = duration(given.interval, XmlPath.child(where, "interval"), problems);
    Duration timeout = duration(given.timeout, XmlPath.child(where, "timeout"), problems);
    Duration startPeriod =
        duration(given.startPeriod, XmlPath.child(where, "startPeriod"), problems);
    Duration startInterval =
        duration(given.startInterval, XmlPath.child(where, "startInterval"), problems);
    if (given.retries != null && given.retries < 1) {
      problems.add(
          XmlPath.child(where, "retries")
              + " is "
              + given.retries
              + ": write how many failed checks in a row make the container unhealthy, 1 or more,"
              + " or leave it out for the runtime's default of 3");
    }
    boolean timing =
        interval != null
            || timeout != null
            || startPeriod != null
            || startInterval != null
            || given.retries != null;
    if (given.disabled && timing) {
      problems.add(
          where
              + ": <disabled>true</disabled> turns the check off, so <interval>, <timeout>,"
              + " <startPeriod>, <startInterval> and <retries> mean nothing: remove them, or"
              + " <disabled>");
    }
    return problems.count() > before
        ? null
        : new HealthcheckSpec(test, interval, timeout, startPeriod, startInterval, given.retries);
  }

  private List<String> test(String where, Problems problems) {
    boolean hasCommand = command != null && !command.isEmpty();
    boolean hasShell = shellCommand != null && !shellCommand.isBlank();
    int given = (hasCommand ? 1 : 0) + (hasShell ? 1 : 0) + (disabled ? 1 : 0);
    if (given != 1) {
      problems.add(
          where
              + (given == 0 ? " says no check" : " gives more than one check")
              + ": write one of <command><arg>/app/health</arg></command>, <shellCommand>curl -f"
              + " http://localhost:8080/ || exit 1</shellCommand> or <disabled>true</disabled>");
      return null;
    }
    if (disabled) {
      return List.of("NONE");
    }
    if (hasShell) {
      return List.of("CMD-SHELL", shellCommand.strip());
    }
    List<String> test = new ArrayList<>();
    test.add("CMD");
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i) == null ? "" : command.get(i);
      if (i == 0 && arg.isBlank()) {
        problems.add(
            XmlPath.item(XmlPath.child(where, "command"), "arg", 0)
                + " is empty: name the program to run, for example <arg>/app/health</arg>");
      }
      test.add(arg);
    }
    return test;
  }

  /** {@code 30s}, {@code 1m30s} or {@code 500ms}; at least 1 ms, as Docker requires. */
  static Duration duration(String text, String where, Problems problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration total = Duration.ZERO;
    if (DURATION.matcher(value).matches()) {
      Matcher part = PART.matcher(value);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  default -> Duration.ofSeconds(amount);
                });
      }
    }
    if (total.compareTo(Duration.ofMillis(1)) < 0) {
      problems.add(
          where
              + " '"
              + text.strip()
              + "' is not a duration of 1ms or more: write a number with a unit, such as 500ms,"
              + " 30s, 1m30s or 1h");
      return null;
    }
    return total;
  }
}
