package dev.imagesmith.report.html;

import dev.imagesmith.report.ImageSummary;
import java.util.List;

/** The image's name, digest, other tags, platform and base. */
final class HeaderSection {
  private HeaderSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageSummary image = data.image();
    List<String> references = image.references();
    out.open("header").line();
    out.element("h1", references.isEmpty() ? "image" : references.get(0)).line();
    out.openClass("dl", "meta").line();
    meta(out, "Digest", image.digest().toString());
    if (references.size() > 1) {
      meta(out, "Also tagged", String.join(", ", references.subList(1, references.size())));
    }
    meta(out, "Platform", image.platform());
    meta(
        out,
        "Base",
        image.from() + (image.baseDigest() == null ? "" : " (" + image.baseDigest() + ")"));
    out.close("dl").line().close("header").line();
  }

  private static void meta(HtmlWriter out, String name, String value) {
    out.element("dt", name).open("dd").element("code", value).close("dd").line();
  }
}
