package dev.imagesmith.report;

import dev.imagesmith.image.Digest;

/**
 * One layer of the final image and where it came from.
 *
 * @param stage the stage it was made from, or {@code null} for a base layer
 * @param path the selected path in that stage, or {@code null} for a base layer
 */
public record LayerSummary(
    Digest digest,
    Digest diffId,
    String mediaType,
    long compressedSize,
    long uncompressedSize,
    String stage,
    String path) {

  public boolean fromBase() {
    return stage == null;
  }

  /** "base" or "builder:/install". */
  public String origin() {
    return fromBase() ? "base" : stage + ":" + path;
  }
}
