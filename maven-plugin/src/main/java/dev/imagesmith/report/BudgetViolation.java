package dev.imagesmith.report;

import dev.imagesmith.plan.ConfigPaths;
import java.util.List;

/**
 * One limit the image broke, as the build log and report.html show it: {@code budget.BudgetCheck}
 * finds them; the record lives here so that the reports need not import {@code budget}, which reads
 * the {@link ImageSummary} of this package.
 *
 * @param budget the XML path of the limit, {@code <budget>/<maxSize>}
 * @param limit the limit as a person reads it ({@code 120.0 MB (120000000 bytes)})
 * @param measured the image's value, in the same form
 * @param contributors the biggest contributors, largest first, one line each
 */
public record BudgetViolation(
    String budget, String limit, String measured, List<String> contributors) {
  /** What to do about broken limits, after the list of them. */
  public static final String ADVICE =
      "Make the image smaller (prune more, select narrower "
          + ConfigPaths.POM.layers()
          + " paths) or raise the "
          + ConfigPaths.POM.budget()
          + ".";

  public BudgetViolation {
    contributors = List.copyOf(contributors);
  }

  /** One paragraph for the build log. */
  public String describe() {
    return budget
        + " is "
        + limit
        + " but the image has "
        + measured
        + (contributors.isEmpty()
            ? ""
            : "; biggest contributors: " + String.join(", ", contributors));
  }
}
