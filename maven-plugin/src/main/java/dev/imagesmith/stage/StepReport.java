package dev.imagesmith.stage;

import java.util.List;

/**
 * How one step went.
 *
 * @param kind {@code copy}, {@code extract}, {@code download}, {@code run} or {@code debian}
 * @param where the step's XML path
 * @param seconds wall-clock time the step took
 * @param maintainerScriptsNotRun see {@link StepOutcome#maintainerScriptsNotRun()}; empty but for
 *     {@code debian} steps
 * @param maintainerScriptsRun see {@link StepOutcome#maintainerScriptsRun()}
 * @param debianPackages see {@link StepOutcome#debianPackages()}
 */
public record StepReport(
    String kind,
    String where,
    double seconds,
    List<String> maintainerScriptsNotRun,
    List<String> maintainerScriptsRun,
    List<String> debianPackages) {
  public StepReport {
    maintainerScriptsNotRun = List.copyOf(maintainerScriptsNotRun);
    maintainerScriptsRun = List.copyOf(maintainerScriptsRun);
    debianPackages = List.copyOf(debianPackages);
  }
}
