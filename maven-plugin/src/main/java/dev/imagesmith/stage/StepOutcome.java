package dev.imagesmith.stage;

import java.util.List;

/**
 * What a step hands back to the reports besides its time.
 *
 * @param maintainerScriptsNotRun for a {@code debian} step, the installed packages whose maintainer
 *     scripts or triggers were not run, as {@code name=version (preinst, postinst)}, sorted by
 *     name; empty for every other step
 * @param maintainerScriptsRun for a {@code debian} step of a stage-isolated stage, what the stage's
 *     dpkg ran, as {@code name=version (preinst, postinst, triggers)}, sorted by name; empty for
 *     every other step
 */
public record StepOutcome(List<String> maintainerScriptsNotRun, List<String> maintainerScriptsRun) {
  /** A step with nothing to report: every kind but {@code debian}. */
  public static final StepOutcome NONE = new StepOutcome(List.of(), List.of());

  public StepOutcome {
    maintainerScriptsNotRun = List.copyOf(maintainerScriptsNotRun);
    maintainerScriptsRun = List.copyOf(maintainerScriptsRun);
  }
}
