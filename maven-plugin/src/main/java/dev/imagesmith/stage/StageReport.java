package dev.imagesmith.stage;

import java.util.List;

/**
 * What running a stage's steps did.
 *
 * @param stage the stage's name
 * @param steps one report per step, in the order they ran
 */
public record StageReport(String stage, List<StepReport> steps) {
  public StageReport {
    steps = List.copyOf(steps);
  }

  /** The sum of the steps' times. */
  public double totalSeconds() {
    return steps.stream().mapToDouble(StepReport::seconds).sum();
  }
}
