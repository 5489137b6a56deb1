package dev.imagesmith.fs.archive;

/**
 * How a user archive is extracted.
 *
 * @param recordNames whether the report lists every extracted entry's name as the archive spells it
 *     (a Debian package's file list comes from there, so its data is read once)
 * @param stripComponents leading name components to drop, counted like GNU tar {@code
 *     --strip-components} ({@code ./} is a component); entries with no more components are skipped
 * @param limits bounds checked while reading
 */
public record ExtractOptions(int stripComponents, ExtractLimits limits, boolean recordNames) {

  public static final ExtractOptions DEFAULTS = new ExtractOptions(0, ExtractLimits.DEFAULTS);

  public ExtractOptions(int stripComponents, ExtractLimits limits) {
    this(stripComponents, limits, false);
  }

  /** The same options, with the extracted entries' names in the report. */
  public ExtractOptions recordingNames() {
    return new ExtractOptions(stripComponents, limits, true);
  }

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
