/**
 * Size tables and image.json, and what the reports say of an image: {@link
 * dev.imagesmith.report.ImageSummary} (which the budget check reads) and the {@link
 * dev.imagesmith.report.BudgetViolation}s it finds. Shows what other packages measured in their own
 * records: {@code prune.RuleSavings} for pruning and {@code stage.StepReport} for steps. May import
 * {@code image}, {@code prune}, {@code stage}, {@code plan}, {@code io}.
 */
package dev.imagesmith.report;
