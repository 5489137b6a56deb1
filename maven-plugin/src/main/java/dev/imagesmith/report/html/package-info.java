/**
 * {@code report.html}: one self-contained page (inline CSS and an inline SVG chart, no scripts, no
 * network) showing where an image's bytes went and whether it passed its checks. Every string that
 * comes from the image or the configuration is escaped, names (paths, libraries) the way the log
 * shows them ({@code io.LogText}). May import {@code report}, {@code inspect}, {@code libcheck},
 * {@code plan}, {@code io}, and the records the report shows: {@code image.Digest}, {@code
 * prune.RuleSavings} and {@code stage.StepReport}. Not {@code budget}: it reads {@code report}, and
 * its findings come as {@code report.BudgetViolation}s.
 */
package dev.imagesmith.report.html;
