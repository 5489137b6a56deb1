package dev.imagesmith.report;

import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.stage.StepReport;
import java.util.List;

/**
 * A stage as the reports show it.
 *
 * @param from the stage's base as configured, or {@code null} for an empty root
 * @param sizeBeforePrune bytes of regular files after the steps ran (each inode once)
 * @param sizeAfterPrune the same after pruning
 * @param steps one line per step: kind, XML path, seconds and (debian steps) the maintainer scripts
 *     not run
 */
public record StageSummary(
    String name,
    String from,
    long sizeBeforePrune,
    long sizeAfterPrune,
    List<RuleSavings> prune,
    List<StepReport> steps) {}
