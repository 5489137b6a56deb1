package dev.imagesmith.report.html;

import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bar chart of the layers in plain HTML and CSS: one row per layer, the light bar its
 * uncompressed size, the dark bar over it its compressed size, coloured by origin (base grey, each
 * stage its own colour). Widths are relative to the largest layer; a tiny layer still gets a
 * visible sliver. HTML rather than SVG so that a long stage or path name wraps instead of being
 * cut.
 */
final class LayerChart {
  /** Colour classes of {@link Style}: c0 is the base's grey, c1 to c7 the stages' colours. */
  private static final int STAGE_COLOURS = 7;

  private static final String BASE_IMAGE = "base image";

  private LayerChart() {}

  /**
   * The colour class of each origin, keyed by how the legend names it: "base image" first, then
   * "stage NAME" in order of first appearance. Keyed by the legend's words, not the bare stage
   * name, so that a stage named "base" is a stage, not the base image.
   */
  static Map<String, String> colours(List<LayerSummary> layers) {
    Map<String, String> colours = new LinkedHashMap<>();
    colours.put(BASE_IMAGE, "c0");
    int next = 0;
    for (LayerSummary layer : layers) {
      if (!colours.containsKey(legend(layer))) {
        colours.put(legend(layer), "c" + (1 + next++ % STAGE_COLOURS));
      }
    }
    return colours;
  }

  static String colour(Map<String, String> colours, LayerSummary layer) {
    return colours.get(legend(layer));
  }

  /** What the legend calls the origin of {@code layer}. */
  private static String legend(LayerSummary layer) {
    return layer.fromBase() ? BASE_IMAGE : "stage " + layer.stage();
  }

  static void write(HtmlWriter out, List<LayerSummary> layers) {
    Map<String, String> colours = colours(layers);
    long max = 1;
    for (LayerSummary layer : layers) {
      max = Math.max(max, Math.max(layer.uncompressedSize(), layer.compressedSize()));
    }
    out.open(
            "div",
            "class",
            "chart",
            "role",
            "img",
            "aria-label",
            "Layer sizes: light bar uncompressed, dark bar compressed")
        .line();
    for (int i = 0; i < layers.size(); i++) {
      LayerSummary layer = layers.get(i);
      out.openClass("div", "crow " + colour(colours, layer))
          .openClass("span", "clabel")
          .text((i + 1) + " ")
          .name(layer.origin())
          .close("span")
          .openClass("span", "ctrack")
          .open("span", "class", "cu", "style", width(layer.uncompressedSize(), max))
          .close("span")
          .open("span", "class", "cz", "style", width(layer.compressedSize(), max))
          .close("span")
          .close("span")
          .element(
              "span",
              "cvalue",
              Sizes.human(layer.uncompressedSize()) + " / " + Sizes.human(layer.compressedSize()))
          .close("div")
          .line();
    }
    out.openClass("div", "clegend");
    for (Map.Entry<String, String> entry : colours.entrySet()) {
      if (layers.stream().anyMatch(l -> legend(l).equals(entry.getKey()))) {
        out.openClass("span", "swatch " + entry.getValue())
            .close("span")
            .name(entry.getKey())
            .text(" ");
      }
    }
    out.element("span", "muted", "light bar: uncompressed, dark bar: compressed")
        .close("div")
        .line()
        .close("div")
        .line();
  }

  /** A bar's width: a share of the track, at least a 2 px sliver for anything but nothing. */
  private static String width(long bytes, long max) {
    if (bytes <= 0) {
      return "width:0";
    }
    return String.format(Locale.ROOT, "width:max(2px,%.2f%%)", 100.0 * bytes / max);
  }
}
