package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianReport;
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
 * @param debianPackages for a {@code debian} step, each package it installed as {@code name version
 *     architecture sha256} (the SHA-256 of the verified {@code .deb}), sorted: what the SBOM and
 *     the provenance say of it; empty for every other step
 */
public record StepOutcome(
    List<String> maintainerScriptsNotRun,
    List<String> maintainerScriptsRun,
    List<String> debianPackages) {
  /** A step with nothing to report: every kind but {@code debian}. */
  public static final StepOutcome NONE = new StepOutcome(List.of(), List.of(), List.of());

  public StepOutcome {
    maintainerScriptsNotRun = List.copyOf(maintainerScriptsNotRun);
    maintainerScriptsRun = List.copyOf(maintainerScriptsRun);
    debianPackages = List.copyOf(debianPackages);
  }

  /** What a {@code debian} step reports: its scripts and the packages of {@code report}. */
  static StepOutcome debian(DebianReport report, List<String> notRun, List<String> run) {
    return new StepOutcome(
        notRun,
        run,
        report.installed().stream()
            .map(p -> p.name() + " " + p.version() + " " + p.architecture() + " " + p.sha256())
            .sorted()
            .toList());
  }
}
