package dev.imagesmith.report.html;

import java.util.List;

/**
 * Renders {@code report.html}: the sections below, in this order. The page is deterministic (no
 * clock, sorted lists) so that equal builds give equal reports, and self-contained: inline CSS, no
 * script, no link to anything outside the file, so it opens from a CI artifact or a mail the same.
 */
public final class HtmlReport {
  /** Top to bottom: the verdict first, then where the bytes went, then the checks' details. */
  private static final List<Section> SECTIONS =
      List.of(
          HeaderSection::write,
          StatusSection::write,
          CardsSection::write,
          LayersSection::write,
          SizesSection::write,
          MaintainerScriptsSection::write,
          LargestFilesSection::write,
          FilesystemSection::write,
          LayerContentsSection::write,
          WasteSection::write,
          LibrariesSection::write,
          BudgetSection::write);

  private HtmlReport() {}

  public static byte[] render(ReportData data) {
    HtmlWriter out = new HtmlWriter();
    out.head("Image report: " + String.join(", ", data.image().references()));
    out.open("body").line().open("main").line();
    for (Section section : SECTIONS) {
      section.write(data, out);
    }
    out.open("footer")
        .text("Made by Imagesmith image-maven-plugin. Sizes in decimal units")
        .text(" (1 kB = 1000 bytes); exact byte counts in image.json.")
        .close("footer")
        .line();
    out.close("main").line().close("body").line().close("html").line();
    return out.bytes();
  }
}
