package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.ByteSize;

/**
 * {@code <budget>}: limits the finished image must stay within, each optional. Sizes take decimal
 * ({@code kB}, {@code MB}, {@code GB}) or binary ({@code KiB}, {@code MiB}, {@code GiB}) units.
 *
 * <pre>{@code
 * <budget>
 *   <maxSize>120MB</maxSize>
 *   <maxCompressedSize>40MB</maxCompressedSize>
 *   <maxLayers>10</maxLayers>
 *   <maxWastedBytes>5MB</maxWastedBytes>
 * </budget>
 * }</pre>
 */
public final class Budget {
  /** The image's uncompressed size (the sum of its layer tars) at most. */
  private String maxSize;

  /** The image's compressed size (what a pull downloads) at most. */
  private String maxCompressedSize;

  /** The number of layers, the base's included, at most. */
  private String maxLayers;

  /** Bytes hidden by later layers plus bytes a lower layer already ships, at most. */
  private String maxWastedBytes;

  static BudgetSpec toSpec(Budget budget, Problems problems) {
    if (budget == null) {
      return BudgetSpec.NONE;
    }
    String where = XmlPath.root("budget");
    BudgetSpec.Paths paths =
        new BudgetSpec.Paths(
            XmlPath.child(where, "maxSize"),
            XmlPath.child(where, "maxCompressedSize"),
            XmlPath.child(where, "maxLayers"),
            XmlPath.child(where, "maxWastedBytes"));
    return new BudgetSpec(
        size(budget.maxSize, paths.maxSize(), problems),
        size(budget.maxCompressedSize, paths.maxCompressedSize(), problems),
        count(budget.maxLayers, paths.maxLayers(), problems),
        size(budget.maxWastedBytes, paths.maxWastedBytes(), problems),
        paths);
  }

  private static Long size(String text, String where, Problems problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return problems.attempt(() -> ByteSize.parse(text, where));
  }

  private static Integer count(String text, String where, Problems problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return problems.attempt(
        () -> {
          String trimmed = text.trim();
          if (!trimmed.matches("[0-9]{1,4}")) {
            throw new UserInputException(
                where
                    + " '"
                    + trimmed
                    + "' is not a number of layers: write a whole number such as 10");
          }
          return Integer.parseInt(trimmed);
        });
  }
}
