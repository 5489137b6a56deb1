package dev.imagesmith.maven;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration writes them: a number and a unit ({@code 500ms}, {@code 90s},
 * {@code 30m} or {@code 30min}, {@code 2h}), in any case, a space allowed between them; a number
 * alone is seconds. One grammar for every element and property that takes a duration ({@code
 * <downloads>}, a run step's {@code <timeout>}, {@code image.cacheMounts.wait}), so that what one
 * accepts the others do too.
 */
final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|min|h)?");

  private Durations() {}

  /**
   * The duration {@code text} names, or {@code null} when it is not one; zero is one (the caller
   * says whether it may be).
   */
  static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
