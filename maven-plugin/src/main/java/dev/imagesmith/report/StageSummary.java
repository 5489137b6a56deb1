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
 * @param build for a stage with {@code <incremental>true</incremental>}, how this build got it:
 *     {@code clean} (its steps ran from scratch), {@code incremental} (on the tree they left last
 *     time) or {@code unchanged} (the last build's stage, kept as it was); {@code null} for other
 *     stages
 */
public record StageSummary(
    String name,
    String from,
    long sizeBeforePrune,
    long sizeAfterPrune,
    List<RuleSavings> prune,
    List<StepReport> steps,
    String build) {
  /** A stage that is not incremental. */
  public StageSummary(
      String name,
      String from,
      long sizeBeforePrune,
      long sizeAfterPrune,
      List<RuleSavings> prune,
      List<StepReport> steps) {
    this(name, from, sizeBeforePrune, sizeAfterPrune, prune, steps, null);
  }

  /** The same stage, got by this build as {@code build} says. */
  public StageSummary withBuild(String build) {
    return new StageSummary(name, from, sizeBeforePrune, sizeAfterPrune, prune, steps, build);
  }
}
