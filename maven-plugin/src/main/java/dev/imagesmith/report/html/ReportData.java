package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.libcheck.EntrypointCheck;
import dev.imagesmith.libcheck.LibraryCheckResult;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.report.BudgetViolation;
import dev.imagesmith.report.ImageSummary;
import java.util.List;

/**
 * Everything the page shows.
 *
 * @param history one line per layer saying what made it (the image config's history), may be
 *     shorter than the layers
 * @param libraries the shared-library check's result, or {@code null} when it was switched off
 * @param entrypoint the entrypoint check's result, or {@code null} when it was switched off
 */
public record ReportData(
    ImageSummary image,
    ImageInspection inspection,
    List<String> history,
    BudgetSpec budget,
    List<BudgetViolation> violations,
    LibraryCheckResult libraries,
    EntrypointCheck.Result entrypoint) {
  public ReportData {
    history = List.copyOf(history);
    violations = List.copyOf(violations);
  }

  public boolean passed() {
    return violations.isEmpty()
        && (libraries == null || libraries.passed())
        && (entrypoint == null || entrypoint.passed());
  }

  /** A layer by its 0-based index as the page names it: {@code "2 (builder:/install)"}. */
  String layerName(int index) {
    return index < image.layers().size()
        ? (index + 1) + " (" + image.layers().get(index).origin() + ")"
        : String.valueOf(index + 1);
  }
}
