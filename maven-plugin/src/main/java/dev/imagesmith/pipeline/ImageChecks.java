package dev.imagesmith.pipeline;

import dev.imagesmith.budget.BudgetCheck;
import dev.imagesmith.budget.WasteWarning;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.inspect.FileFacts;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.ImageInspector;
import dev.imagesmith.io.LogText;
import dev.imagesmith.libcheck.DebianPackageLookup;
import dev.imagesmith.libcheck.EntrypointCheck;
import dev.imagesmith.libcheck.Hints;
import dev.imagesmith.libcheck.IgnorePatterns;
import dev.imagesmith.libcheck.ImageEnvironment;
import dev.imagesmith.libcheck.LibraryCheck;
import dev.imagesmith.libcheck.LibraryCheckResult;
import dev.imagesmith.libcheck.MissingLibrary;
import dev.imagesmith.libcheck.StageFiles;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.BudgetViolation;
import dev.imagesmith.report.CheckOutcome;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.html.HtmlReport;
import dev.imagesmith.report.html.ReportData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After the image is written: takes what it holds from the assembly (the filesystem its layers
 * make, applied from the very entries the layers were written from, never read back from disk),
 * runs the shared-library check (scripts' interpreters included), the entrypoint check and the
 * budget, warns about stages no layer uses and about waste no budget limits, and writes {@code
 * report.html}. A failed check does not remove the image (it is complete and valid); image.json
 * records the failure and {@link Outcome#throwIfFailed()} then fails the build with one message.
 */
final class ImageChecks {
  /**
   * The results, for image.json and for failing the build.
   *
   * @param logLine what the checks logged about the report, or null when they also warned (so a
   *     reused report would hide the warnings)
   */
  record Outcome(List<CheckOutcome> checks, String failure, String logLine) {
    void throwIfFailed() {
      if (failure != null) {
        throw new UserInputException(failure);
      }
    }
  }

  private final BuildLog log;

  /** What the log says of checks a build did not run again: the last build's line, marked so. */
  static String keptLine(String logLine) {
    return logLine + " (image unchanged, not inspected again)";
  }

  /**
   * What {@link #run} returns when every check passes, for a report kept from the last build.
   *
   * @param logLine what that build's checks logged
   */
  static Outcome passed(BuildPlan plan, String logLine) {
    List<CheckOutcome> checks = new ArrayList<>();
    checks.add(new CheckOutcome("budget", true, List.of()));
    if (plan.checks().checkLibraries()) {
      checks.add(new CheckOutcome("libraries", true, List.of()));
      checks.add(new CheckOutcome("interpreters", true, List.of()));
    }
    if (plan.checks().checkEntrypoint()) {
      checks.add(new CheckOutcome("entrypoint", true, List.of()));
    }
    return new Outcome(checks, null, logLine);
  }

  private final RepositoryClient debian;

  ImageChecks(BuildLog log) {
    this(log, new RepositoryClient());
  }

  /**
   * @param debian fetches the package index a hint needs, as the debian steps fetch (limits,
   *     proxies, mirror)
   */
  ImageChecks(BuildLog log, RepositoryClient debian) {
    this.log = log;
    this.debian = debian;
  }

  /**
   * Checks the image just assembled.
   *
   * @param config the image's config, as written
   * @param layers the image's filesystem, as the assembly applied its layers
   * @param hasher content hashes of the host files the build's layers were written from, or {@code
   *     null} to read them
   */
  Outcome run(
      BuildPlan plan,
      ImageSummary summary,
      ImageConfig config,
      ImageInspector layers,
      FileFacts.Hasher hasher,
      List<BuiltStage> stages,
      Path report)
      throws IOException {
    long started = System.nanoTime();
    ImageInspection inspection = layers.inspection(hasher);
    long inspected = System.nanoTime();

    ImageEnvironment env =
        ImageEnvironment.of(
            config.env(), config.workingDir().orElse(null), config.user().orElse(null));
    Hints hints =
        new Hints(
            inspection.tree(),
            env,
            new StageFiles(
                stages.stream()
                    .map(stage -> new StageFiles.Root(stage.spec().name(), stage.sandbox()))
                    .toList()),
            DebianPackageLookup.forPlan(plan, Path.of("/etc/apt"), debian, log),
            plan.paths());
    LibraryCheckResult libraries = null;
    if (plan.checks().checkLibraries()) {
      IgnorePatterns ignore =
          IgnorePatterns.parse(
              plan.checks().ignoreMissingLibraries(),
              plan.paths().ignoreMissingLibraries(),
              plan.paths().ignoreMissingLibrary(),
              "libcuda.so.*");
      IgnorePatterns ignoreInterpreters =
          IgnorePatterns.parse(
              plan.checks().ignoreMissingInterpreters(),
              plan.paths().ignoreMissingInterpreters(),
              plan.paths().ignoreMissingInterpreter(),
              "perl");
      libraries = new LibraryCheck(inspection, env, ignore, ignoreInterpreters, hints).run();
      libraries.unreadable().forEach(line -> log.warn("Not a readable ELF file: " + line));
    }
    EntrypointCheck.Result entrypoint =
        plan.checks().checkEntrypoint()
            ? new EntrypointCheck(inspection.tree(), env, hints)
                .run(config.entrypoint(), config.cmd())
            : null;
    List<String> warnings = new ArrayList<>();
    for (StageSpec unused : plan.stagesWithoutLayers()) {
      warnings.add(
          "Stage '"
              + unused.name()
              + "' ran, but no "
              + plan.paths().layer()
              + " takes anything from it: add a "
              + plan.paths().layer()
              + " with "
              + ConfigPaths.written(plan.paths().layerStage(), unused.name())
              + ", or remove the stage");
    }
    List<BudgetViolation> violations =
        BudgetCheck.check(plan.checks().budget(), summary, inspection);
    WasteWarning.of(plan.checks().budget(), plan.paths().maxWastedBytes(), summary, inspection)
        .ifPresent(warnings::add);
    warnings.forEach(warning -> log.warn(LogText.escape(warning)));

    ReportData data =
        new ReportData(
            summary,
            inspection,
            history(config, summary.layers().size()),
            plan.checks().budget(),
            violations,
            libraries,
            entrypoint);
    OutputFiles.write(report, HtmlReport.render(data));
    String line =
        "Report "
            + report
            + ": "
            + Sizes.human(inspection.wastedBytes())
            + " wasted"
            + (libraries == null
                ? ", library check off"
                : ", "
                    + libraries.checkedFiles()
                    + " ELF files and "
                    + libraries.checkedScripts()
                    + " scripts checked")
            + (entrypoint == null ? ", entrypoint check off" : ", " + entrypoint.summary());
    log.info(line);
    log.debug(
        String.format(
            java.util.Locale.ROOT,
            "Checks took %.3f s (inspection %.3f s)",
            (System.nanoTime() - started) / 1e9,
            (inspected - started) / 1e9));
    boolean warned =
        !warnings.isEmpty() || (libraries != null && !libraries.unreadable().isEmpty());
    return outcome(libraries, entrypoint, violations, report, warned ? null : line, plan.paths());
  }

  private static Outcome outcome(
      LibraryCheckResult libraries,
      EntrypointCheck.Result entrypoint,
      List<BudgetViolation> violations,
      Path report,
      String logLine,
      ConfigPaths paths) {
    List<CheckOutcome> checks = new ArrayList<>();
    List<String> budgetProblems = violations.stream().map(BudgetViolation::describe).toList();
    checks.add(new CheckOutcome("budget", budgetProblems.isEmpty(), budgetProblems));
    List<String> libraryProblems = new ArrayList<>();
    List<String> scriptProblems = new ArrayList<>();
    if (libraries != null) {
      for (MissingLibrary missing : libraries.missing()) {
        (missing.kind() == MissingLibrary.Kind.SCRIPT_INTERPRETER
                ? scriptProblems
                : libraryProblems)
            .add(missing.describe());
      }
      checks.add(new CheckOutcome("libraries", libraryProblems.isEmpty(), libraryProblems));
      checks.add(new CheckOutcome("interpreters", scriptProblems.isEmpty(), scriptProblems));
    }
    List<String> entrypointProblems =
        entrypoint == null || entrypoint.passed() ? List.of() : List.of(entrypoint.problem());
    if (entrypoint != null) {
      checks.add(new CheckOutcome("entrypoint", entrypointProblems.isEmpty(), entrypointProblems));
    }
    if (budgetProblems.isEmpty()
        && libraryProblems.isEmpty()
        && scriptProblems.isEmpty()
        && entrypointProblems.isEmpty()) {
      return new Outcome(checks, null, logLine);
    }
    String nl = System.lineSeparator();
    StringBuilder failure = new StringBuilder("The image was built but failed its checks");
    failure.append(" (it stays in place; image.json and ").append(report).append(" say why):");
    if (!budgetProblems.isEmpty()) {
      failure.append(nl).append("Budget exceeded:");
      // Paths and library names come from the image: escaped, one problem per line (M4).
      budgetProblems.forEach(
          problem -> failure.append(nl).append("  - ").append(LogText.escape(problem)));
      failure.append(nl).append("  ").append(BudgetViolation.ADVICE);
    }
    if (!libraryProblems.isEmpty()) {
      failure.append(nl).append("Shared libraries missing from the image:");
      libraryProblems.forEach(
          problem -> failure.append(nl).append("  - ").append(LogText.escape(problem)));
      failure.append(nl).append("  ").append(MissingLibrary.advice(paths));
    }
    if (!scriptProblems.isEmpty()) {
      failure.append(nl).append("Script interpreters missing from the image:");
      scriptProblems.forEach(
          problem -> failure.append(nl).append("  - ").append(LogText.escape(problem)));
      failure.append(nl).append("  ").append(MissingLibrary.scriptAdvice(paths));
    }
    if (!entrypointProblems.isEmpty()) {
      failure.append(nl).append("The image cannot start its program:");
      entrypointProblems.forEach(
          problem -> failure.append(nl).append("  - ").append(LogText.escape(problem)));
      failure.append(nl).append("  ").append(EntrypointCheck.advice(paths));
    }
    return new Outcome(checks, failure.toString(), logLine);
  }

  /** One line per layer from the config's history (entries that made no layer skipped). */
  private static List<String> history(ImageConfig config, int layers) {
    List<String> lines = new ArrayList<>();
    for (History entry : config.history()) {
      if (!entry.emptyLayer()) {
        lines.add(entry.createdBy() == null ? "" : entry.createdBy());
      }
    }
    return lines.size() == layers ? lines : List.of();
  }
}
