/**
 * Size tables and image.json. Shows what other packages measured in their own records: {@code
 * prune.RuleSavings} for pruning and {@code stage.StepReport} for steps. May import {@code image},
 * {@code prune}, {@code stage}, {@code plan}, {@code io}.
 */
package dev.imagesmith.report;
