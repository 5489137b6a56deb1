/**
 * {@code report.html}: one self-contained page (inline CSS, no scripts, no network) showing where
 * an image's bytes went and whether it passed its checks. {@link
 * dev.imagesmith.report.html.HtmlReport} lists the sections, one small class each, in page order;
 * each writes through {@link dev.imagesmith.report.html.HtmlWriter}, which escapes every string by
 * construction, names (paths, libraries) the way the log shows them ({@code io.LogText}). The file
 * trees ({@link dev.imagesmith.report.html.FileTree}, written by {@link
 * dev.imagesmith.report.html.TreeWriter}) come from the inspection: the final filesystem and each
 * layer's changes ({@code inspect.LayerChange}). May import {@code report}, {@code inspect}, {@code
 * libcheck}, {@code plan}, {@code io}, and the records the report shows: {@code image.Digest},
 * {@code prune.RuleSavings} and {@code stage.StepReport}. Not {@code budget}: it reads {@code
 * report}, and its findings come as {@code report.BudgetViolation}s.
 */
package dev.imagesmith.report.html;
