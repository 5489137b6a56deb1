package dev.imagesmith.report.html;

import dev.imagesmith.inspect.DuplicateFile;
import dev.imagesmith.inspect.HiddenFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.report.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Efficiency and wasted bytes, each said in words, then the wasted files, largest first. The two
 * figures differ on purpose: efficiency is {@code dive}'s (bytes seen over bytes shipped, so only
 * hidden files lower it), wasted bytes also count content shipped twice under two names, and are
 * what {@code <maxWastedBytes>} limits.
 */
final class WasteSection {
  /** Wasted files listed at most; the rest are counted and summed. */
  static final int ROWS = 50;

  private record Row(String path, long size, int layer, String why) {}

  private WasteSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageInspection inspection = data.inspection();
    out.open("section").line();
    out.element("h2", "Wasted bytes: " + Sizes.human(inspection.wastedBytes())).line();
    explain(inspection, out);
    List<Row> rows = rows(data);
    if (rows.isEmpty()) {
      out.element("p", "ok-text", "No wasted bytes.").line().close("section").line();
      return;
    }
    out.open("table").line().headerRow("Path", "#Size", "In layer", "Why it is wasted");
    out.open("tbody").line();
    for (Row row : rows.subList(0, Math.min(ROWS, rows.size()))) {
      out.open("tr")
          .nameCell(row.path())
          .numberCell(Sizes.human(row.size()))
          .cell(data.layerName(row.layer()))
          .open("td")
          .name(row.why())
          .close("td")
          .close("tr")
          .line();
    }
    out.close("tbody").line().close("table").line();
    if (rows.size() > ROWS) {
      List<Row> rest = rows.subList(ROWS, rows.size());
      out.element(
              "p",
              String.format(
                  Locale.ROOT,
                  "%,d more not shown (%s).",
                  rest.size(),
                  Sizes.human(rest.stream().mapToLong(Row::size).sum())))
          .line();
    }
    out.close("section").line();
  }

  /** The two figures in words, with the numbers that make them. */
  private static void explain(ImageInspection inspection, HtmlWriter out) {
    long seen = inspection.visibleFileBytes();
    long shipped = inspection.shippedFileBytes();
    out.open("p")
        .element("strong", "Efficiency " + CardsSection.percent(seen, shipped))
        .text(" (as dive computes it): the final filesystem's files hold " + Sizes.human(seen))
        .text(" of the " + Sizes.human(shipped) + " of files all layers ship. ");
    if (inspection.hiddenBytes() > 0) {
      out.text(
          "The other "
              + Sizes.human(inspection.hiddenBytes())
              + " are files a later layer overwrites, deletes or buries under a replaced"
              + " directory: every pull downloads them, no container sees them. ");
    } else {
      out.text("No layer hides a file that a lower one ships. ");
    }
    out.element("strong", "Wasted bytes")
        .text(
            " are the hidden bytes plus files whose exact content a lower layer already ships"
                + " under another name ("
                + Sizes.human(inspection.duplicateBytes())
                + "); ")
        .element("code", "<maxWastedBytes>")
        .text(" limits them.")
        .close("p")
        .line();
  }

  /** Hidden and duplicated files together, largest first, then by path. */
  private static List<Row> rows(ReportData data) {
    List<Row> rows = new ArrayList<>();
    for (HiddenFile hidden : data.inspection().hidden()) {
      rows.add(
          new Row(
              hidden.file().path(),
              hidden.file().size(),
              hidden.file().layer(),
              hidden.how() + " by layer " + data.layerName(hidden.hiddenBy())));
    }
    for (DuplicateFile duplicate : data.inspection().duplicates()) {
      rows.add(
          new Row(
              duplicate.file().path(),
              duplicate.file().size(),
              duplicate.file().layer(),
              "same content as "
                  + duplicate.original().path()
                  + " in layer "
                  + data.layerName(duplicate.original().layer())));
    }
    rows.sort(Comparator.comparingLong((Row r) -> -r.size()).thenComparing(Row::path));
    return rows;
  }
}
