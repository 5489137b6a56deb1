package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.Locale;

/** The five figures a reader looks for first, each with the detail that makes it exact. */
final class CardsSection {
  private CardsSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageSummary image = data.image();
    ImageInspection inspection = data.inspection();
    out.openClass("section", "cards").line();
    card(out, "Compressed", Sizes.human(image.compressedSize()), image.compressedSize() + " bytes");
    card(
        out,
        "Uncompressed",
        Sizes.human(image.uncompressedSize()),
        image.uncompressedSize() + " bytes");
    long base = image.layers().stream().filter(LayerSummary::fromBase).count();
    card(
        out,
        "Layers",
        String.valueOf(image.layers().size()),
        base + " from the base, " + (image.layers().size() - base) + " added");
    card(
        out,
        "Efficiency",
        percent(inspection.visibleFileBytes(), inspection.shippedFileBytes()),
        Sizes.human(inspection.visibleFileBytes())
            + " seen of "
            + Sizes.human(inspection.shippedFileBytes())
            + " shipped");
    card(
        out,
        "Wasted",
        Sizes.human(inspection.wastedBytes()),
        inspection.hidden().size()
            + " hidden, "
            + inspection.duplicates().size()
            + " duplicated files");
    out.close("section").line();
  }

  /**
   * {@code part} of {@code whole} as a percentage with one decimal, rounded down in integers: never
   * "100.0 %" while something is lost, which would read as "nothing to gain"; 100 % of nothing.
   */
  static String percent(long part, long whole) {
    long tenths = whole <= 0 ? 1000 : part * 1000 / whole;
    return String.format(Locale.ROOT, "%d.%d %%", tenths / 10, tenths % 10);
  }

  private static void card(HtmlWriter out, String name, String value, String detail) {
    out.openClass("div", "card")
        .element("div", "card-name", name)
        .element("div", "card-value", value)
        .element("div", "card-detail", detail)
        .close("div")
        .line();
  }
}
