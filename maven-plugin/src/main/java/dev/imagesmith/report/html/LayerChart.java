package dev.imagesmith.report.html;

import static dev.imagesmith.report.html.Html.escape;

import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An inline SVG bar chart of the layers: one row per layer, the light bar its uncompressed size,
 * the dark bar inside it its compressed size, coloured by origin (base grey, each stage its own
 * colour). Widths are relative to the largest layer; a tiny layer still gets a visible sliver.
 */
final class LayerChart {
  private static final String[] STAGE_COLOURS = {
    "#2f6fd6", "#d9822b", "#2e9e5b", "#9b4dca", "#c9452e", "#1a9aa8", "#b5a000"
  };
  private static final String BASE_COLOUR = "#7b8494";
  private static final int LABEL_WIDTH = 260;
  private static final int BAR_WIDTH = 560;
  private static final int VALUE_WIDTH = 220;
  private static final int ROW = 30;

  private LayerChart() {}

  /** The colour of each origin: "base" first, then stages in order of first appearance. */
  static Map<String, String> colours(List<LayerSummary> layers) {
    Map<String, String> colours = new LinkedHashMap<>();
    colours.put("base", BASE_COLOUR);
    int next = 0;
    for (LayerSummary layer : layers) {
      if (!layer.fromBase() && !colours.containsKey(layer.stage())) {
        colours.put(layer.stage(), STAGE_COLOURS[next++ % STAGE_COLOURS.length]);
      }
    }
    return colours;
  }

  static String colour(Map<String, String> colours, LayerSummary layer) {
    return colours.get(layer.fromBase() ? "base" : layer.stage());
  }

  static String svg(List<LayerSummary> layers) {
    Map<String, String> colours = colours(layers);
    long max = 1;
    for (LayerSummary layer : layers) {
      max = Math.max(max, Math.max(layer.uncompressedSize(), layer.compressedSize()));
    }
    int width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
    int height = ROW * layers.size() + 34;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Layer sizes\">\n",
            width,
            height,
            width,
            height));
    svg.append("<title>Layer sizes: light bar uncompressed, dark bar compressed</title>\n");
    for (int i = 0; i < layers.size(); i++) {
      LayerSummary layer = layers.get(i);
      int y = i * ROW + 4;
      String colour = colour(colours, layer);
      int full = barWidth(layer.uncompressedSize(), max);
      int packed = barWidth(layer.compressedSize(), max);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>\n",
              0,
              y + 17,
              escape(truncate((i + 1) + "  " + layer.origin(), 34))));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"22\" rx=\"3\" fill=\"%s\""
                  + " fill-opacity=\"0.35\"/>\n",
              LABEL_WIDTH,
              y,
              full,
              colour));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" rx=\"2\" fill=\"%s\"/>\n",
              LABEL_WIDTH,
              y + 5,
              packed,
              colour));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"value\">%s / %s</text>\n",
              LABEL_WIDTH + BAR_WIDTH + 10,
              y + 17,
              escape(Sizes.human(layer.uncompressedSize())),
              escape(Sizes.human(layer.compressedSize()))));
    }
    int legendY = layers.size() * ROW + 22;
    int x = 0;
    for (Map.Entry<String, String> entry : colours.entrySet()) {
      boolean used =
          layers.stream().anyMatch(l -> (l.fromBase() ? "base" : l.stage()).equals(entry.getKey()));
      if (!used) {
        continue;
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>\n",
              x,
              legendY - 11,
              entry.getValue(),
              x + 20,
              legendY,
              escape(entry.getKey().equals("base") ? "base image" : "stage " + entry.getKey())));
      x += 40 + 8 * Math.min(entry.getKey().length() + 6, 30);
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"legend\">light: uncompressed, dark: compressed</text>\n",
            Math.max(x, LABEL_WIDTH + BAR_WIDTH - 120),
            legendY));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static int barWidth(long bytes, long max) {
    if (bytes <= 0) {
      return 0;
    }
    return (int) Math.max(2, Math.round((double) bytes / max * BAR_WIDTH));
  }

  private static String truncate(String text, int max) {
    List<Integer> points = new ArrayList<>();
    text.codePoints().forEach(points::add);
    if (points.size() <= max) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    points.subList(0, max - 1).forEach(out::appendCodePoint);
    return out.append('\u2026').toString();
  }
}
