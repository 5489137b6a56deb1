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
    List<RuleSaving> prune,
    List<StepSummary> steps,
    String build) {
  /** A stage that is not incremental. */
  public StageSummary(
      String name,
      String from,
      long sizeBeforePrune,
      long sizeAfterPrune,
      List<RuleSaving> prune,
      List<StepSummary> steps) {
    this(name, from, sizeBeforePrune, sizeAfterPrune, prune, steps, null);
  }

  /** The same stage, got by this build as {@code build} says. */
  public StageSummary withBuild(String build) {
    return new StageSummary(name, from, sizeBeforePrune, sizeAfterPrune, prune, steps, build);
  }

  /**
   * One step of a stage and how long it took.
   *
   * @param maintainerScriptsNotRun for a {@code debian} step, the installed packages whose
   *     maintainer scripts or triggers were not run ({@code name=version (preinst, postinst)},
   *     sorted by name); empty for other steps
   * @param maintainerScriptsRun for a {@code debian} step of a stage-isolated stage, what the
   *     stage's dpkg ran ({@code name=version (preinst, postinst, triggers)}, sorted by name);
   *     empty otherwise
   */
  public record StepSummary(
      String kind,
      String where,
      double seconds,
      List<String> maintainerScriptsNotRun,
      List<String> maintainerScriptsRun) {
    public StepSummary {
      maintainerScriptsNotRun = List.copyOf(maintainerScriptsNotRun);
      maintainerScriptsRun = List.copyOf(maintainerScriptsRun);
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
