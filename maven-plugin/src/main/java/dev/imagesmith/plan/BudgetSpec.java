package dev.imagesmith.plan;

/**
 * Limits the built image must stay within ({@code <budget>}); {@code null} means no limit.
 *
 * @param maxSize bytes of the image uncompressed (the sum of its layer tars, the size {@code docker
 *     images} shows after a pull)
 * @param maxCompressedSize bytes of the image's layers as stored and pulled
 * @param maxLayers number of layers, base layers included
 * @param maxWastedBytes bytes of files hidden by later layers plus files a lower layer already
 *     ships
 */
public record BudgetSpec(
    Long maxSize, Long maxCompressedSize, Integer maxLayers, Long maxWastedBytes, Paths where) {
  /** No budget at all. */
  public static final BudgetSpec NONE = new BudgetSpec(null, null, null, null, null);

  /**
   * The XML path of each limit, as the Maven side names them ({@code <budget>/<maxSize>}): what a
   * broken limit's message names, so that the budget check spells no element of the POM.
   */
  public record Paths(
      String maxSize, String maxCompressedSize, String maxLayers, String maxWastedBytes) {}

  public boolean isEmpty() {
    return maxSize == null
        && maxCompressedSize == null
        && maxLayers == null
        && maxWastedBytes == null;
  }
}
