package dev.imagesmith.report.html;

import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.Sizes;

/** Each limit of {@code <budget>} that is set, with the measured value and the verdict. */
final class BudgetSection {
  private BudgetSection() {}

  static void write(ReportData data, HtmlWriter out) {
    BudgetSpec budget = data.budget();
    ImageSummary image = data.image();
    long wasted = data.inspection().wastedBytes();
    out.open("section").line().element("h2", "Budget").line();
    if (budget == null || budget.isEmpty()) {
      out.open("p")
          .text("No ")
          .element("code", ConfigPaths.POM.budget())
          .text(" is set.")
          .close("p")
          .line()
          .close("section")
          .line();
      return;
    }
    out.open("table").line().headerRow("Limit", "#Allowed", "#Measured", "Result");
    out.open("tbody").line();
    if (budget.maxSize() != null) {
      limit(
          out,
          "maxSize",
          Sizes.human(budget.maxSize()),
          Sizes.human(image.uncompressedSize()),
          image.uncompressedSize() <= budget.maxSize());
    }
    if (budget.maxCompressedSize() != null) {
      limit(
          out,
          "maxCompressedSize",
          Sizes.human(budget.maxCompressedSize()),
          Sizes.human(image.compressedSize()),
          image.compressedSize() <= budget.maxCompressedSize());
    }
    if (budget.maxLayers() != null) {
      limit(
          out,
          "maxLayers",
          String.valueOf(budget.maxLayers()),
          String.valueOf(image.layers().size()),
          image.layers().size() <= budget.maxLayers());
    }
    if (budget.maxWastedBytes() != null) {
      limit(
          out,
          "maxWastedBytes",
          Sizes.human(budget.maxWastedBytes()),
          Sizes.human(wasted),
          wasted <= budget.maxWastedBytes());
    }
    out.close("tbody").line().close("table").line().close("section").line();
  }

  private static void limit(
      HtmlWriter out, String name, String allowed, String measured, boolean ok) {
    out.openClass("tr", ok ? "" : "fail")
        .open("td")
        .element("code", "<" + name + ">")
        .close("td")
        .numberCell(allowed)
        .numberCell(measured)
        .cell(ok ? "within" : "exceeded")
        .close("tr")
        .line();
  }
}
