package dev.imagesmith.plan;

import dev.imagesmith.error.UserInputException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts written by people: a number and a unit, decimal ({@code kB}/{@code KB}, {@code MB},
 * {@code GB}, {@code TB}: powers of 1000, as {@code docker images} shows sizes) or binary ({@code
 * KiB}, {@code MiB}, {@code GiB}, {@code TiB}: powers of 1024), or plain bytes ({@code 512}, {@code
 * 512B}). A decimal fraction is allowed when it comes to whole bytes ({@code 1.5GB}). Units are
 * case-sensitive: {@code mb} would be millibits, so it is refused rather than guessed.
 */
public final class ByteSize {
  private static final Pattern SYNTAX =
      Pattern.compile("([0-9]{1,19}(?:\\.[0-9]{1,9})?)\\s*([A-Za-z]*)");
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("B", 1L),
          Map.entry("kB", 1000L),
          Map.entry("KB", 1000L),
          Map.entry("MB", 1000L * 1000),
          Map.entry("GB", 1000L * 1000 * 1000),
          Map.entry("TB", 1000L * 1000 * 1000 * 1000),
          Map.entry("KiB", 1024L),
          Map.entry("MiB", 1024L * 1024),
          Map.entry("GiB", 1024L * 1024 * 1024),
          Map.entry("TiB", 1024L * 1024 * 1024 * 1024));

  private ByteSize() {}

  /**
   * Parses {@code text}.
   *
   * @param where the XML path named in the error, for example {@code <budget>/<maxSize>}
   * @throws UserInputException if the text is not a size, or is not a whole number of bytes
   */
  public static long parse(String text, String where) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = SYNTAX.matcher(trimmed);
    if (!matcher.matches() || !UNITS.containsKey(matcher.group(2))) {
      throw invalid(trimmed, where, "is not a size");
    }
    BigDecimal bytes =
        new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(UNITS.get(matcher.group(2))));
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw invalid(trimmed, where, "is not a whole number of bytes");
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw invalid(trimmed, where, "is too large");
    }
    return bytes.longValueExact();
  }

  private static UserInputException invalid(String text, String where, String why) {
    return new UserInputException(
        where
            + " '"
            + text
            + "' "
            + why
            + ": write a number and a unit, for example 120MB, 512kB or 1GiB (decimal kB, MB, GB,"
            + " TB; binary KiB, MiB, GiB, TiB; B or no unit for bytes)");
  }
}
