package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp every mtime and the image's created time are clamped to, so that a build is
 * reproducible: {@code project.build.outputTimestamp} (read like MavenArchiver does: ISO-8601 with
 * an offset, or epoch seconds), else {@code SOURCE_DATE_EPOCH}, else the Unix epoch.
 */
final class BuildTimestamp {
  static final String PROPERTY = "project.build.outputTimestamp";
  static final String ENVIRONMENT = "SOURCE_DATE_EPOCH";

  private BuildTimestamp() {}

  /**
   * @param outputTimestamp the property's value, {@code null} when unset
   * @param sourceDateEpoch the environment variable's value, {@code null} when unset
   */
  static Instant resolve(String outputTimestamp, String sourceDateEpoch) {
    // A single character (often "-" or "x") disables the timestamp in a child POM, as for
    // MavenArchiver; the build still needs one, so fall back like an unset property.
    if (outputTimestamp != null && outputTimestamp.trim().length() >= 2
        || isEpochSeconds(outputTimestamp)) {
      return parseOutputTimestamp(outputTimestamp.trim());
    }
    if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
      String value = sourceDateEpoch.trim();
      if (!isEpochSeconds(value)) {
        throw new UserInputException(
            "The environment variable "
                + ENVIRONMENT
                + "='"
                + value
                + "' is not a number of seconds since 1970-01-01T00:00:00Z: fix or unset it");
      }
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    return Instant.EPOCH;
  }

  private static Instant parseOutputTimestamp(String value) {
    if (isEpochSeconds(value)) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    try {
      return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeException e) {
      throw new UserInputException(
          "The property "
              + PROPERTY
              + "='"
              + value
              + "' is not a timestamp: write ISO-8601 with an offset such as 2026-01-01T00:00:00Z,"
              + " or seconds since 1970-01-01T00:00:00Z such as 1767225600");
    }
  }

  private static boolean isEpochSeconds(String value) {
    // At most 18 digits: always fits a long, and far beyond any real date.
    return value != null && value.trim().matches("[0-9]{1,18}");
  }
}
