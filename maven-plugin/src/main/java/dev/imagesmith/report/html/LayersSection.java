package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.LayerStats;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.Map;

/** The layers: the chart, then a table of each layer's origin, history, counts and digest. */
final class LayersSection {
  private LayersSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageSummary image = data.image();
    ImageInspection inspection = data.inspection();
    out.open("section").line().element("h2", "Layers").line();
    LayerChart.write(out, image.layers());
    Map<String, String> colours = LayerChart.colours(image.layers());
    out.open("table").line();
    out.headerRow(
        "#", "Origin", "Made by", "#Entries", "#Uncompressed", "#Compressed", "#Wasted", "Digest");
    out.open("tbody").line();
    for (int i = 0; i < image.layers().size(); i++) {
      LayerSummary layer = image.layers().get(i);
      LayerStats stats = i < inspection.layers().size() ? inspection.layers().get(i) : null;
      out.open("tr").element("td", String.valueOf(i + 1));
      out.open("td")
          .openClass("span", "swatch " + LayerChart.colour(colours, layer))
          .close("span")
          .name(layer.fromBase() ? "base" : "stage " + layer.origin())
          .close("td");
      out.open("td", "class", "made")
          .name(i < data.history().size() ? data.history().get(i) : "")
          .close("td");
      out.numberCell(stats == null ? "" : String.valueOf(stats.entries()))
          .numberCell(Sizes.human(layer.uncompressedSize()))
          .numberCell(Sizes.human(layer.compressedSize()))
          .numberCell(Sizes.human(inspection.wastedBytesIn(i)));
      out.open("td", "class", "digest")
          .element("code", shortDigest(layer.digest().toString()))
          .close("td")
          .close("tr")
          .line();
    }
    out.close("tbody").line().close("table").line().close("section").line();
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
  }
}
