package dev.imagesmith.report;

import dev.imagesmith.image.Digest;
import java.util.List;

/**
 * Everything the reports say about one built image.
 *
 * @param from the final image's base as configured ({@code scratch}, {@code oci:...})
 * @param baseDigest the base manifest's digest, {@code null} for scratch
 */
public record ImageSummary(
    Digest digest,
    List<String> references,
    String platform,
    String from,
    Digest baseDigest,
    List<LayerSummary> layers,
    List<StageSummary> stages) {

  public long compressedSize() {
    return layers.stream().mapToLong(LayerSummary::compressedSize).sum();
  }

  public long uncompressedSize() {
    return layers.stream().mapToLong(LayerSummary::uncompressedSize).sum();
  }

  public long baseCompressedSize() {
    return layers.stream()
        .filter(LayerSummary::fromBase)
        .mapToLong(LayerSummary::compressedSize)
        .sum();
  }

  public long baseUncompressedSize() {
    return layers.stream()
        .filter(LayerSummary::fromBase)
        .mapToLong(LayerSummary::uncompressedSize)
        .sum();
  }
}
