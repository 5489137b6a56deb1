package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.report.Sizes;
import java.util.List;
import java.util.Locale;

/**
 * The largest files of the final image, a flat list with full paths: the first place to look when
 * an image is too big, before walking the tree.
 */
final class LargestFilesSection {
  /** Rows shown; the tree below shows the rest. */
  static final int ROWS = 25;

  private LargestFilesSection() {}

  static void write(ReportData data, HtmlWriter out) {
    out.open("section").line().element("h2", "Largest files").line();
    List<ImageInspection.Sized> rows = data.inspection().largestFiles(ROWS);
    if (rows.isEmpty()) {
      out.element("p", "None.").line().close("section").line();
      return;
    }
    long max = Math.max(1, rows.get(0).bytes());
    out.openClass("table", "sized").line().headerRow("Path", "#Layer", "#Size");
    out.open("tbody").line();
    for (ImageInspection.Sized row : rows) {
      out.open("tr")
          .openClass("td", "path")
          .open(
              "span",
              "class",
              "bar",
              "style",
              String.format(Locale.ROOT, "width:%.1f%%", 100.0 * row.bytes() / max))
          .close("span")
          .open("code")
          .name(row.path())
          .close("code")
          .close("td")
          .numberCell(String.valueOf(row.layer() + 1))
          .numberCell(Sizes.human(row.bytes()))
          .close("tr")
          .line();
    }
    out.close("tbody").line().close("table").line().close("section").line();
  }
}
