package dev.imagesmith.report;

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
    List<RuleSaving> prune,
    List<StepSummary> steps) {

  /**
   * One step of a stage and how long it took.
   *
   * @param maintainerScriptsNotRun for a {@code debian} step, the installed packages whose
   *     maintainer scripts or triggers were not run ({@code name=version (preinst, postinst)},
   *     sorted by name); empty for other steps
   * @param maintainerScriptsRun for a {@code debian} step of a stage-isolated stage, what the
   *     stage's dpkg ran ({@code name=version (preinst, postinst, triggers)}, sorted by name);
   *     empty otherwise
   * @param debianPackages for a {@code debian} step, the packages it installed as {@code name
   *     version architecture sha256}, sorted; empty otherwise. Kept with a cached stage (the SBOM
   *     needs it), not shown in image.json
   */
  public record StepSummary(
      String kind,
      String where,
      double seconds,
      List<String> maintainerScriptsNotRun,
      List<String> maintainerScriptsRun,
      List<String> debianPackages) {
    public StepSummary {
      maintainerScriptsNotRun = List.copyOf(maintainerScriptsNotRun);
      maintainerScriptsRun = List.copyOf(maintainerScriptsRun);
      debianPackages = List.copyOf(debianPackages);
    }

    /** A step that installed no package this summary names. */
    public StepSummary(
        String kind,
        String where,
        double seconds,
        List<String> maintainerScriptsNotRun,
        List<String> maintainerScriptsRun) {
      this(kind, where, seconds, maintainerScriptsNotRun, maintainerScriptsRun, List.of());
    }

    /** A step whose packages' scripts did not run (or not a debian step). */
    public StepSummary(
        String kind, String where, double seconds, List<String> maintainerScriptsNotRun) {
      this(kind, where, seconds, maintainerScriptsNotRun, List.of());
    }

    /** A step with nothing to report but its time. */
    public StepSummary(String kind, String where, double seconds) {
      this(kind, where, seconds, List.of());
    }

    /** Whether the reports show {@link #maintainerScriptsNotRun}: only for {@code debian} steps. */
    public boolean isDebian() {
      return kind.equals("debian");
    }
  }
}
