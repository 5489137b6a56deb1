package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.prune.PruneReport;
import dev.imagesmith.prune.Pruner;
import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.stage.DiskUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The prune phase, the end of every stage: removes what the runtime never needs ({@code <prune>} of
 * the stage) and logs, per rule that removed anything, how many files and bytes it saved. An
 * incremental stage's pruning moves what it removes aside instead, for the stage's next run.
 */
final class StagePruning {
  /**
   * @param sizeBefore the stage's size before pruning ({@link DiskUsage}, from pruning's own walk)
   * @param sizeAfter the stage's size after pruning, counted as every report counts bytes
   * @param savings what each rule saved, for the reports
   * @param removed every path a rule matched (each with everything below it)
   */
  record Pruned(long sizeBefore, long sizeAfter, List<RuleSavings> savings, List<String> removed) {}

  private StagePruning() {}

  /**
   * Prunes the stage; one walk of it gives the rules their matches and the stage its size before
   * pruning, which is its size after when no rule matched anything (a second walk saved).
   *
   * @param aside where what the rules match is moved instead of deleted ({@code null}: deleted)
   */
  static Pruned prune(StageSpec spec, Sandbox sandbox, Path aside, BuildLog log)
      throws IOException {
    List<SandboxEntry> walked = sandbox.walk("/");
    long sizeBefore = DiskUsage.of(walked);
    PruneReport pruned = Pruner.prune(sandbox, spec.prune(), spec.pruneWhere(), aside, walked);
    boolean nothingRemoved = pruned.removed().values().stream().allMatch(List::isEmpty);
    long after = nothingRemoved ? sizeBefore : DiskUsage.of(sandbox, "/");
    for (RuleSavings rule : pruned.rules()) {
      if (rule.filesRemoved() > 0) {
        log.info(
            "  prune "
                + rule.rule()
                + ": "
                + rule.filesRemoved()
                + " files, "
                + Sizes.human(rule.bytesSaved()));
      }
    }
    List<String> removed = pruned.removed().values().stream().flatMap(List::stream).toList();
    return new Pruned(sizeBefore, after, pruned.rules(), removed);
  }
}
