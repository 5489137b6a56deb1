package dev.imagesmith.report.html;

import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;

/**
 * The size table, as the console prints it: the base, each stage before and after pruning with what
 * each prune rule saved, each added layer, and the total in exact bytes.
 */
final class SizesSection {
  private SizesSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageSummary image = data.image();
    out.open("section").line().element("h2", "Sizes").line().open("table").line();
    out.headerRow("What", "#Size", "#Compressed", "Notes").open("tbody").line();
    row(out, "base " + image.from(), image.baseUncompressedSize(), image.baseCompressedSize(), "");
    for (StageSummary stage : image.stages()) {
      row(out, "stage " + stage.name() + " before pruning", stage.sizeBeforePrune(), -1, "");
      long saved = stage.sizeBeforePrune() - stage.sizeAfterPrune();
      row(
          out,
          "stage " + stage.name() + " after pruning",
          stage.sizeAfterPrune(),
          -1,
          saved > 0 ? "saved " + Sizes.human(saved) : "");
      for (RuleSavings rule : stage.prune()) {
        if (rule.filesRemoved() > 0) {
          out.openClass("tr", "rule")
              .open("td")
              .text("prune rule ")
              .name(rule.rule())
              .close("td")
              .numberCell("\u2212" + Sizes.human(rule.bytesSaved()))
              .numberCell("")
              .cell(
                  rule.filesRemoved()
                      + (rule.filesRemoved() == 1 ? " file" : " files")
                      + " removed")
              .close("tr")
              .line();
        }
      }
    }
    for (LayerSummary layer : image.layers()) {
      if (!layer.fromBase()) {
        row(out, "layer " + layer.origin(), layer.uncompressedSize(), layer.compressedSize(), "");
      }
    }
    out.openClass("tr", "total")
        .cell("final image")
        .numberCell(Sizes.human(image.uncompressedSize()))
        .numberCell(Sizes.human(image.compressedSize()))
        .cell(
            image.uncompressedSize()
                + " bytes uncompressed, "
                + image.compressedSize()
                + " bytes compressed")
        .close("tr")
        .line();
    out.close("tbody").line().close("table").line().close("section").line();
  }

  /** A row; {@code compressed} -1 when there is no compressed size (a stage is not a layer). */
  private static void row(HtmlWriter out, String what, long size, long compressed, String notes) {
    out.open("tr")
        .open("td")
        .name(what)
        .close("td")
        .numberCell(Sizes.human(size))
        .numberCell(compressed < 0 ? "" : Sizes.human(compressed))
        .cell(notes)
        .close("tr")
        .line();
  }
}
