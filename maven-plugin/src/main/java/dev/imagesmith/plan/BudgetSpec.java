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
    Long maxSize, Long maxCompressedSize, Integer maxLayers, Long maxWastedBytes) {
  /** No budget at all. */
  public static final BudgetSpec NONE = new BudgetSpec(null, null, null, null);

  public boolean isEmpty() {
    return equals(NONE);
  }
}
