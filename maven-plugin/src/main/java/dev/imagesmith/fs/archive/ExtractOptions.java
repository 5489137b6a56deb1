package dev.imagesmith.fs.archive;

/**
 * How a user archive is extracted.
 *
 * @param stripComponents leading name components to drop, counted like GNU tar {@code
 *     --strip-components} ({@code ./} is a component); entries with no more components are skipped
 * @param limits bounds checked while reading
 */
public record ExtractOptions(int stripComponents, ExtractLimits limits) {

  public static final ExtractOptions DEFAULTS = new ExtractOptions(0, ExtractLimits.DEFAULTS);

  public ExtractOptions {
    if (stripComponents < 0) {
      throw new IllegalArgumentException(
          "stripComponents must not be negative: " + stripComponents);
    }
    if (limits == null) {
      limits = ExtractLimits.DEFAULTS;
    }
  }
}
