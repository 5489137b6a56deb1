package dev.imagesmith.report;

import dev.imagesmith.prune.RuleSavings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table that ends the build log, in the spirit of {@code docker images}: the base, each stage
 * before and after pruning (with what each rule saved), each new layer, and the final image
 * compressed and uncompressed. Plain text lines that read well in a CI log.
 */
public final class SizeTable {
  private SizeTable() {}

  public static List<String> lines(ImageSummary image) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "base " + image.from(),
            image.baseUncompressedSize(),
            image.baseCompressedSize(),
            image.baseDigest() == null ? "" : shortDigest(image.baseDigest().toString())));
    for (StageSummary stage : image.stages()) {
      rows.add(new Row("stage " + stage.name() + " before prune", stage.sizeBeforePrune(), -1, ""));
      rows.add(
          new Row(
              "stage " + stage.name() + " after prune",
              stage.sizeAfterPrune(),
              -1,
              savings(stage)));
    }
    for (LayerSummary layer : image.layers()) {
      if (!layer.fromBase()) {
        rows.add(
            new Row(
                "layer " + layer.origin(),
                layer.uncompressedSize(),
                layer.compressedSize(),
                shortDigest(layer.digest().toString())));
      }
    }
    rows.add(
        new Row(
            "IMAGE " + String.join(", ", image.references()),
            image.uncompressedSize(),
            image.compressedSize(),
            shortDigest(image.digest().toString())));

    int width = rows.stream().mapToInt(row -> row.what().length()).max().orElse(10);
    width = Math.max(width, "WHAT".length());
    String format = "%-" + width + "s  %10s  %10s  %s";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(Locale.ROOT, format, "WHAT", "SIZE", "COMPRESSED", "NOTES").stripTrailing());
    for (Row row : rows) {
      lines.add(
          String.format(
                  Locale.ROOT,
                  format,
                  row.what(),
                  Sizes.human(row.size()),
                  row.compressed() < 0 ? "-" : Sizes.human(row.compressed()),
                  row.notes())
              .stripTrailing());
    }
    return lines;
  }

  private static String savings(StageSummary stage) {
    List<String> parts = new ArrayList<>();
    for (RuleSavings saving : stage.prune()) {
      if (saving.filesRemoved() > 0) {
        parts.add(saving.rule() + " -" + Sizes.human(saving.bytesSaved()));
      }
    }
    return parts.isEmpty() ? "" : "pruned: " + String.join(", ", parts);
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
  }

  private record Row(String what, long size, long compressed, String notes) {}
}
