package dev.imagesmith.report.html;

import static dev.imagesmith.report.html.Html.escape;
import static dev.imagesmith.report.html.Html.name;

import dev.imagesmith.budget.BudgetViolation;
import dev.imagesmith.inspect.DuplicateFile;
import dev.imagesmith.inspect.HiddenFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.LayerStats;
import dev.imagesmith.libcheck.MissingLibrary;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.RuleSaving;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code report.html}. The page is deterministic (no clock, sorted lists) so that equal
 * builds give equal reports, and self-contained: inline CSS, inline SVG, no script, no link to
 * anything outside the file.
 */
public final class HtmlReport {
  /** Rows shown at most in each list of files; the rest are counted. */
  static final int ROWS = 25;

  private final ReportData data;
  private final ImageSummary image;
  private final ImageInspection inspection;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlReport(ReportData data) {
    this.data = data;
    this.image = data.image();
    this.inspection = data.inspection();
  }

  public static byte[] render(ReportData data) {
    return new HtmlReport(data).page().getBytes(StandardCharsets.UTF_8);
  }

  private String page() {
    String title = "Image report: " + String.join(", ", image.references());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(Style.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header();
    checks();
    cards();
    layers();
    sizeTable();
    maintainerScriptsNotRun();
    maintainerScriptsRun();
    largest();
    waste();
    libraries();
    out.append("<footer>Made by Imagesmith image-maven-plugin. Sizes in decimal units")
        .append(" (1 kB = 1000 bytes); exact byte counts in image.json.</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header() {
    out.append("<header>\n<h1>")
        .append(escape(image.references().isEmpty() ? "image" : image.references().get(0)))
        .append("</h1>\n<dl class=\"meta\">\n");
    meta("Digest", image.digest().toString());
    if (image.references().size() > 1) {
      meta(
          "Also tagged",
          String.join(", ", image.references().subList(1, image.references().size())));
    }
    meta("Platform", image.platform());
    meta(
        "Base", image.from() + (image.baseDigest() == null ? "" : " (" + image.baseDigest() + ")"));
    out.append("</dl>\n</header>\n");
  }

  private void meta(String name, String value) {
    out.append("<dt>")
        .append(escape(name))
        .append("</dt><dd><code>")
        .append(escape(value))
        .append("</code></dd>\n");
  }

  private void checks() {
    if (data.passed()) {
      out.append("<section class=\"status ok\"><strong>Checks passed.</strong> ");
      out.append(escape(budgetSentence())).append(' ');
      out.append(escape(librarySentence())).append("</section>\n");
      return;
    }
    out.append("<section class=\"status fail\"><strong>The image failed its checks;")
        .append(" the build fails.</strong>\n<ul>\n");
    for (BudgetViolation violation : data.violations()) {
      out.append("<li>").append(name(violation.describe())).append("</li>\n");
    }
    if (data.libraries() != null) {
      for (MissingLibrary missing : data.libraries().missing()) {
        if (missing.kind() == MissingLibrary.Kind.SCRIPT_INTERPRETER) {
          out.append("<li>").append(name(missing.detail())).append("</li>\n");
          continue;
        }
        out.append("<li>")
            .append(name(missing.file()))
            .append(missing.interpreter() ? " needs the interpreter " : " needs ")
            .append(name(missing.library()))
            .append(", which is not in the image</li>\n");
      }
    }
    if (data.entrypoint() != null && !data.entrypoint().passed()) {
      out.append("<li>").append(name(data.entrypoint().problem())).append("</li>\n");
    }
    out.append("</ul>\n</section>\n");
  }

  private String budgetSentence() {
    return data.budget() == null || data.budget().isEmpty()
        ? "No budget is set."
        : "The image is within its budget.";
  }

  private String librarySentence() {
    if (data.libraries() == null) {
      return "The shared-library check is off.";
    }
    return "All "
        + data.libraries().checkedFiles()
        + " ELF files of the added layers find their libraries.";
  }

  private void cards() {
    out.append("<section class=\"cards\">\n");
    card("Compressed", Sizes.human(image.compressedSize()), image.compressedSize() + " bytes");
    card(
        "Uncompressed", Sizes.human(image.uncompressedSize()), image.uncompressedSize() + " bytes");
    long base = image.layers().stream().filter(LayerSummary::fromBase).count();
    card(
        "Layers",
        String.valueOf(image.layers().size()),
        base + " from the base, " + (image.layers().size() - base) + " added");
    card(
        "Wasted",
        Sizes.human(inspection.wastedBytes()),
        inspection.hidden().size()
            + " hidden, "
            + inspection.duplicates().size()
            + " duplicated files");
    out.append("</section>\n");
  }

  private void card(String name, String value, String detail) {
    out.append("<div class=\"card\"><div class=\"card-name\">")
        .append(escape(name))
        .append("</div><div class=\"card-value\">")
        .append(escape(value))
        .append("</div><div class=\"card-detail\">")
        .append(escape(detail))
        .append("</div></div>\n");
  }

  private void layers() {
    out.append("<section>\n<h2>Layers</h2>\n").append(LayerChart.svg(image.layers()));
    Map<String, String> colours = LayerChart.colours(image.layers());
    out.append("<table>\n<thead><tr><th>#</th><th>Origin</th><th>Made by</th>")
        .append("<th class=\"num\">Entries</th><th class=\"num\">Uncompressed</th>")
        .append("<th class=\"num\">Compressed</th><th class=\"num\">Wasted</th>")
        .append("<th>Digest</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < image.layers().size(); i++) {
      LayerSummary layer = image.layers().get(i);
      LayerStats stats = i < inspection.layers().size() ? inspection.layers().get(i) : null;
      out.append("<tr><td>")
          .append(i + 1)
          .append("</td><td><span class=\"swatch\" style=\"background:")
          .append(LayerChart.colour(colours, layer))
          .append("\"></span>")
          .append(escape(layer.fromBase() ? "base" : "stage " + layer.origin()))
          .append("</td><td class=\"made\">")
          .append(escape(i < data.history().size() ? data.history().get(i) : ""))
          .append("</td>")
          .append(num(stats == null ? "" : String.valueOf(stats.entries())))
          .append(num(Sizes.human(layer.uncompressedSize())))
          .append(num(Sizes.human(layer.compressedSize())))
          .append(num(Sizes.human(inspection.wastedBytesIn(i))))
          .append("<td class=\"digest\"><code>")
          .append(escape(shortDigest(layer.digest().toString())))
          .append("</code></td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private void sizeTable() {
    out.append("<section>\n<h2>Sizes</h2>\n<table>\n<thead><tr><th>What</th>")
        .append("<th class=\"num\">Size</th><th class=\"num\">Compressed</th>")
        .append("<th>Notes</th></tr></thead>\n<tbody>\n");
    row("base " + image.from(), image.baseUncompressedSize(), image.baseCompressedSize(), "");
    for (StageSummary stage : image.stages()) {
      row("stage " + stage.name() + " before pruning", stage.sizeBeforePrune(), -1, "");
      long saved = stage.sizeBeforePrune() - stage.sizeAfterPrune();
      row(
          "stage " + stage.name() + " after pruning",
          stage.sizeAfterPrune(),
          -1,
          saved > 0 ? "saved " + Sizes.human(saved) : "");
      for (RuleSaving rule : stage.prune()) {
        if (rule.files() > 0) {
          out.append("<tr class=\"rule\"><td>prune rule ")
              .append(escape(rule.rule()))
              .append("</td>")
              .append(num("\u2212" + Sizes.human(rule.bytes())))
              .append(num(""))
              .append("<td>")
              .append(rule.files())
              .append(rule.files() == 1 ? " file" : " files")
              .append(" removed</td></tr>\n");
        }
      }
    }
    for (LayerSummary layer : image.layers()) {
      if (!layer.fromBase()) {
        row("layer " + layer.origin(), layer.uncompressedSize(), layer.compressedSize(), "");
      }
    }
    out.append("<tr class=\"total\"><td>final image</td>")
        .append(num(Sizes.human(image.uncompressedSize())))
        .append(num(Sizes.human(image.compressedSize())))
        .append("<td>")
        .append(image.uncompressedSize())
        .append(" bytes uncompressed, ")
        .append(image.compressedSize())
        .append(" bytes compressed</td></tr>\n</tbody>\n</table>\n</section>\n");
  }

  /** Only when a {@code debian} step skipped some: what may need a fix by hand. */
  private void maintainerScriptsNotRun() {
    StringBuilder items = new StringBuilder();
    for (StageSummary stage : image.stages()) {
      for (StageSummary.StepSummary step : stage.steps()) {
        for (String entry : step.maintainerScriptsNotRun()) {
          items
              .append("<li>stage ")
              .append(escape(stage.name()))
              .append(": <code>")
              .append(name(entry))
              .append("</code></li>\n");
        }
      }
    }
    if (!items.isEmpty()) {
      out.append("<section>\n<h2>Maintainer scripts not run</h2>\n<p>These Debian packages")
          .append(" were unpacked without running their scripts or triggers; do what the image")
          .append(" needs of them (users, alternatives symlinks, <code>ldconfig</code>) in a")
          .append(" <code>run</code> step.</p>\n<ul>\n")
          .append(items)
          .append("</ul>\n</section>\n");
    }
  }

  /** Only when a stage-isolated stage's dpkg ran scripts: what ran, inside which stage. */
  private void maintainerScriptsRun() {
    StringBuilder items = new StringBuilder();
    for (StageSummary stage : image.stages()) {
      for (StageSummary.StepSummary step : stage.steps()) {
        for (String entry : step.maintainerScriptsRun()) {
          items
              .append("<li>stage ")
              .append(escape(stage.name()))
              .append(": <code>")
              .append(name(entry))
              .append("</code></li>\n");
        }
      }
    }
    if (!items.isEmpty()) {
      out.append("<section>\n<h2>Maintainer scripts run</h2>\n<p>The stage's own")
          .append(" <code>dpkg</code> installed these Debian packages inside the stage and ran")
          .append(" their scripts and the triggers they set off.</p>\n<ul>\n")
          .append(items)
          .append("</ul>\n</section>\n");
    }
  }

  private void row(String what, long size, long compressed, String notes) {
    out.append("<tr><td>")
        .append(escape(what))
        .append("</td>")
        .append(num(Sizes.human(size)))
        .append(num(compressed < 0 ? "" : Sizes.human(compressed)))
        .append("<td>")
        .append(escape(notes))
        .append("</td></tr>\n");
  }

  private void largest() {
    out.append("<section class=\"two\">\n<div>\n<h2>Largest files</h2>\n");
    sizedTable(inspection.largestFiles(ROWS), true);
    out.append("</div>\n<div>\n<h2>Largest directories</h2>\n");
    sizedTable(inspection.largestDirectories(ROWS), false);
    out.append("</div>\n</section>\n");
  }

  private void sizedTable(List<ImageInspection.Sized> rows, boolean withLayer) {
    if (rows.isEmpty()) {
      out.append("<p>None.</p>\n");
      return;
    }
    long max = Math.max(1, rows.get(0).bytes());
    out.append("<table class=\"sized\">\n<thead><tr><th>Path</th>");
    if (withLayer) {
      out.append("<th class=\"num\">Layer</th>");
    }
    out.append("<th class=\"num\">Size</th></tr></thead>\n<tbody>\n");
    for (ImageInspection.Sized row : rows) {
      out.append("<tr><td class=\"path\"><span class=\"bar\" style=\"width:")
          .append(String.format(Locale.ROOT, "%.1f", 100.0 * row.bytes() / max))
          .append("%\"></span><code>")
          .append(name(row.path()))
          .append("</code></td>");
      if (withLayer) {
        out.append(num(String.valueOf(row.layer() + 1)));
      }
      out.append(num(Sizes.human(row.bytes()))).append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private void waste() {
    out.append("<section>\n<h2>Wasted bytes: ")
        .append(escape(Sizes.human(inspection.wastedBytes())))
        .append("</h2>\n<p>Files a layer ships that a later layer hides (overwrites, deletes or")
        .append(" buries under a replaced directory), and files whose exact content a lower")
        .append(" layer already ships.</p>\n");
    if (inspection.hidden().isEmpty() && inspection.duplicates().isEmpty()) {
      out.append("<p class=\"ok-text\">No wasted bytes.</p>\n</section>\n");
      return;
    }
    out.append("<table>\n<thead><tr><th>Path</th><th class=\"num\">Size</th><th>In layer</th>")
        .append("<th>Why it is wasted</th></tr></thead>\n<tbody>\n");
    int shown = 0;
    for (HiddenFile hidden : inspection.hidden()) {
      if (shown++ >= ROWS) {
        break;
      }
      wasteRow(
          hidden.file().path(),
          hidden.file().size(),
          hidden.file().layer(),
          hidden.how() + " by layer " + layerName(hidden.hiddenBy()));
    }
    for (DuplicateFile duplicate : inspection.duplicates()) {
      if (shown++ >= 2 * ROWS) {
        break;
      }
      wasteRow(
          duplicate.file().path(),
          duplicate.file().size(),
          duplicate.file().layer(),
          "same content as "
              + duplicate.original().path()
              + " in layer "
              + layerName(duplicate.original().layer()));
    }
    out.append("</tbody>\n</table>\n");
    int total = inspection.hidden().size() + inspection.duplicates().size();
    if (total > shown) {
      out.append("<p>").append(total - Math.min(shown, total)).append(" more not shown.</p>\n");
    }
    out.append("</section>\n");
  }

  private void wasteRow(String path, long size, int layer, String why) {
    out.append("<tr><td><code>")
        .append(name(path))
        .append("</code></td>")
        .append(num(Sizes.human(size)))
        .append("<td>")
        .append(escape(layerName(layer)))
        .append("</td><td>")
        .append(escape(why))
        .append("</td></tr>\n");
  }

  private void libraries() {
    out.append("<section>\n<h2>Shared libraries</h2>\n");
    if (data.libraries() == null) {
      out.append("<p>The check is off (<code>&lt;checkLibraries&gt;false</code>).</p>\n");
    } else {
      out.append("<p>")
          .append(data.libraries().checkedFiles())
          .append(" ELF executables and libraries in the added layers checked.</p>\n");
      if (!data.libraries().missing().isEmpty() || !data.libraries().ignored().isEmpty()) {
        out.append("<table>\n<thead><tr><th>File</th><th>Needs</th><th>Result</th>")
            .append("</tr></thead>\n<tbody>\n");
        for (MissingLibrary missing : data.libraries().missing()) {
          libraryRow(missing, "missing", "fail");
        }
        for (MissingLibrary ignored : data.libraries().ignored()) {
          libraryRow(
              ignored,
              ignored.kind() == MissingLibrary.Kind.SCRIPT_INTERPRETER
                  ? "missing, ignored by <ignoreMissingInterpreters>"
                  : "missing, ignored by <ignoreMissingLibraries>",
              "");
        }
        out.append("</tbody>\n</table>\n");
      }
      for (String unreadable : data.libraries().unreadable()) {
        out.append("<p>Not an ELF file the loader could read: <code>")
            .append(name(unreadable))
            .append("</code></p>\n");
      }
    }
    out.append("</section>\n");
    budgetTable();
  }

  private void libraryRow(MissingLibrary missing, String result, String cssClass) {
    out.append("<tr class=\"")
        .append(cssClass)
        .append("\"><td><code>")
        .append(name(missing.file()))
        .append("</code></td><td><code>")
        .append(name(missing.library()))
        .append("</code>")
        .append(missing.interpreter() ? " (interpreter)" : "")
        .append("</td><td>")
        .append(escape(result));
    if (missing.suggestion() != null) {
      out.append("<br>").append(escape(missing.suggestion()));
    }
    if (!missing.searched().isEmpty()) {
      out.append("<br><small>searched ")
          .append(name(String.join(":", missing.searched())))
          .append("</small>");
    }
    out.append("</td></tr>\n");
  }

  private void budgetTable() {
    BudgetSpec budget = data.budget();
    out.append("<section>\n<h2>Budget</h2>\n");
    if (budget == null || budget.isEmpty()) {
      out.append("<p>No <code>&lt;budget&gt;</code> is set.</p>\n</section>\n");
      return;
    }
    out.append("<table>\n<thead><tr><th>Limit</th><th class=\"num\">Allowed</th>")
        .append("<th class=\"num\">Measured</th><th>Result</th></tr></thead>\n<tbody>\n");
    if (budget.maxSize() != null) {
      limit(
          "maxSize",
          Sizes.human(budget.maxSize()),
          Sizes.human(image.uncompressedSize()),
          image.uncompressedSize() <= budget.maxSize());
    }
    if (budget.maxCompressedSize() != null) {
      limit(
          "maxCompressedSize",
          Sizes.human(budget.maxCompressedSize()),
          Sizes.human(image.compressedSize()),
          image.compressedSize() <= budget.maxCompressedSize());
    }
    if (budget.maxLayers() != null) {
      limit(
          "maxLayers",
          String.valueOf(budget.maxLayers()),
          String.valueOf(image.layers().size()),
          image.layers().size() <= budget.maxLayers());
    }
    if (budget.maxWastedBytes() != null) {
      limit(
          "maxWastedBytes",
          Sizes.human(budget.maxWastedBytes()),
          Sizes.human(inspection.wastedBytes()),
          inspection.wastedBytes() <= budget.maxWastedBytes());
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private void limit(String name, String allowed, String measured, boolean ok) {
    out.append("<tr class=\"")
        .append(ok ? "" : "fail")
        .append("\"><td><code>&lt;")
        .append(name)
        .append("&gt;</code></td>")
        .append(num(allowed))
        .append(num(measured))
        .append("<td>")
        .append(ok ? "within" : "exceeded")
        .append("</td></tr>\n");
  }

  private String layerName(int index) {
    return index < image.layers().size()
        ? (index + 1) + " (" + image.layers().get(index).origin() + ")"
        : String.valueOf(index + 1);
  }

  private static String num(String text) {
    return "<td class=\"num\">" + escape(text) + "</td>";
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
  }
}
