package dev.imagesmith.report;

import java.util.List;

/**
 * A stage as the reports show it.
 *
 * @param from the stage's base as configured, or {@code null} for an empty root
 * @param sizeBeforePrune bytes of regular files after the steps ran (each inode once)
 * @param sizeAfterPrune the same after pruning
 * @param steps one line per step: kind, XML path and seconds
 */
public record StageSummary(
    String name,
    String from,
    long sizeBeforePrune,
    long sizeAfterPrune,
    List<RuleSaving> prune,
    List<StepSummary> steps) {

  /** One step of a stage and how long it took. */
  public record StepSummary(String kind, String where, double seconds) {}
}
