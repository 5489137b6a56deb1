package dev.imagesmith.fs.archive;

/**
 * Bounds checked while an archive is read, so that a hostile archive fails fast instead of filling
 * the disk or the heap (security-cases.md R6-R9).
 *
 * @param maxEntries most entries (headers, whiteouts included) one archive may hold
 * @param maxTotalBytes most bytes of file content one archive may write
 * @param maxNameBytes longest entry name or link target, in UTF-8 bytes (Linux PATH_MAX is 4096)
 * @param maxPaxHeaderBytes most bytes of PAX / GNU long-name headers before one entry
 * @param maxPathDepth most components in one entry name
 */
public record ExtractLimits(
    long maxEntries,
    long maxTotalBytes,
    int maxNameBytes,
    int maxPaxHeaderBytes,
    int maxPathDepth) {

  /** Generous enough for real images (a TeX Live layer has about 200 000 files). */
  public static final ExtractLimits DEFAULTS =
      new ExtractLimits(1_000_000, 64L << 30, 4096, 1 << 20, 1024);

  public ExtractLimits {
    if (maxEntries < 1
        || maxTotalBytes < 0
        || maxNameBytes < 1
        || maxPaxHeaderBytes < 512
        || maxPathDepth < 1) {
      throw new IllegalArgumentException("extract limits must be positive: " + this);
    }
  }
}
