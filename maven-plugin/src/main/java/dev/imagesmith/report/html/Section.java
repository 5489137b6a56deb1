package dev.imagesmith.report.html;

/** One part of the page, written from the report's data; {@link HtmlReport} lists them in order. */
@FunctionalInterface
interface Section {
  void write(ReportData data, HtmlWriter out);
}
