package dev.imagesmith.stage;

import java.util.List;

/**
 * How one step went: what the stage runner measured, and what the reports (the size table,
 * image.json, report.html) and the stage cache's state files show of it.
 *
 * @param kind {@code copy}, {@code extract}, {@code download}, {@code run} or {@code debian}
 * @param where the step's XML path
 * @param seconds wall-clock time the step took
 * @param maintainerScriptsNotRun for a {@code debian} step, the installed packages whose maintainer
 *     scripts or triggers were not run ({@code name=version (preinst, postinst)}, sorted by name);
 *     empty for other steps
 * @param maintainerScriptsRun for a {@code debian} step of a stage-isolated stage, what the stage's
 *     dpkg ran ({@code name=version (preinst, postinst, triggers)}, sorted by name); empty
 *     otherwise
 * @param debianPackages for a {@code debian} step, the packages it installed as {@code name version
 *     architecture sha256}, sorted; empty otherwise. Kept with a cached stage (the SBOM needs it),
 *     not shown in image.json
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

  /** A step that installed no package the SBOM names. */
  public StepReport(
      String kind,
      String where,
      double seconds,
      List<String> maintainerScriptsNotRun,
      List<String> maintainerScriptsRun) {
    this(kind, where, seconds, maintainerScriptsNotRun, maintainerScriptsRun, List.of());
  }

  /** A step whose packages' scripts did not run (or not a debian step). */
  public StepReport(
      String kind, String where, double seconds, List<String> maintainerScriptsNotRun) {
    this(kind, where, seconds, maintainerScriptsNotRun, List.of());
  }

  /** A step with nothing to report but its time. */
  public StepReport(String kind, String where, double seconds) {
    this(kind, where, seconds, List.of());
  }

  /** Whether the reports show {@link #maintainerScriptsNotRun}: only for {@code debian} steps. */
  public boolean isDebian() {
    return kind.equals("debian");
  }
}
