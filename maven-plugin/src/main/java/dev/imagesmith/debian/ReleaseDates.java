package dev.imagesmith.debian;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates of a Release file ({@code Date}, {@code Valid-Until}): RFC 2822 style, {@code Sat, 09
 * Aug 2025 09:23:08 UTC}, as dak and reprepro write them. Java's RFC 1123 parser does not take the
 * {@code UTC} zone name every Debian archive uses, hence this small grammar.
 */
final class ReleaseDates {
  private static final Pattern DATE =
      Pattern.compile(
          "(?:[A-Za-z]{3},\\s+)?(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{4})\\s+(\\d{2}):(\\d{2}):(\\d{2})"
              + "\\s+(UTC|GMT|Z|[+-]\\d{4})");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ROOT);

  /** How messages show an instant: {@code 2025-08-09 09:23:08 UTC}. */
  static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ReleaseDates() {}

  /**
   * Parses one date field.
   *
   * @throws IllegalArgumentException naming the field and the value
   */
  static Instant parse(String field, String value) {
    Matcher m = DATE.matcher(value.strip());
    if (m.matches()) {
      try {
        int month =
            MONTH
                .parse(
                    m.group(2).substring(0, 1).toUpperCase(Locale.ROOT)
                        + m.group(2).substring(1).toLowerCase(Locale.ROOT))
                .get(java.time.temporal.ChronoField.MONTH_OF_YEAR);
        String zone = m.group(7);
        ZoneOffset offset =
            zone.startsWith("+") || zone.startsWith("-")
                ? ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3))
                : ZoneOffset.UTC;
        return LocalDateTime.of(
                Integer.parseInt(m.group(3)),
                month,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)))
            .toInstant(offset);
      } catch (DateTimeException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(
        "its "
            + field
            + " field '"
            + value.strip()
            + "' is not a date like 'Sat, 09 Aug 2025 09:23:08 UTC'");
  }
}
