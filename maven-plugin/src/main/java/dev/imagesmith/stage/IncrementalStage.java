package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of a stage as its incrementality makes it, for the stage builder: whether the run starts
 * from the tree the last one left ({@link KeptTree}) or from scratch, and what is kept for the next
 * run. Inert for a stage without {@code <incremental>true</incremental>} (or with {@code
 * image.incremental=false}), which keeps nothing; a tree a stage kept before it stopped being
 * incremental is deleted.
 *
 * <p>The order of a run: {@link #restore} (or start from scratch), the steps with {@link #run()},
 * {@link #asideForPrune} (saves the tree's overlay, then names where pruning moves things), the
 * stage cache's record, {@link #remember}.
 */
public final class IncrementalStage {
  /** The steps ran from an empty sandbox (or the stage's base). */
  public static final String CLEAN = "clean";

  /** The steps ran on the tree they left in the last build. */
  public static final String INCREMENTAL = "incremental";

  /** Nothing of the stage changed: the last build's stage was kept as it was. */
  public static final String UNCHANGED = "unchanged";

  private final StageSpec spec;
  private final KeptTree tree;
  private final String key;
  private IncrementalRun run;
  private boolean onKeptTree;

  private IncrementalStage(StageSpec spec, KeptTree tree, String key) {
    this.spec = spec;
    this.tree = tree;
    this.key = key;
  }

  /** For a build without the stage cache: every run from scratch, nothing kept. */
  public static IncrementalStage none(StageSpec spec) {
    return new IncrementalStage(spec, null, null);
  }

  /**
   * @param stateDirectory the stage cache's vetted state directory; the stage keeps its tree's
   *     parts in {@code <name>.kept} below it
   * @param baseDigest the stage base's manifest digest, or {@code null}
   */
  public static IncrementalStage of(
      StageSpec spec,
      Path stateDirectory,
      String baseDigest,
      Instant timestamp,
      FileHashes hashes,
      Path basedir)
      throws IOException {
    KeptTree tree =
        KeptTree.at(stateDirectory, stateDirectory.resolve(spec.name() + ".kept"), hashes);
    if (!spec.incremental().on()) {
      tree.forget();
      return none(spec);
    }
    return new IncrementalStage(
        spec, tree, StageKey.withoutCopiedFiles(spec, baseDigest, timestamp, hashes, basedir));
  }

  /**
   * The tree the last run left in {@code sandboxRoot}, ready for this run; empty when the stage
   * starts from scratch (then the caller empties {@code sandboxRoot} and applies the base).
   */
  public Optional<Sandbox> restore(Path sandboxRoot, BuildLog log) throws IOException {
    if (tree == null) {
      if (spec.incremental().on()) {
        log.info("  incremental, but image.cache=false: from scratch, nothing kept");
      } else if (spec.incremental().asked()) {
        log.info("  incremental, but image.incremental=false: from scratch, nothing kept");
      }
      return Optional.empty();
    }
    Optional<KeptTree.Restored> restored =
        tree.restore(key, sandboxRoot, why -> log.debug("  incremental: no kept tree: " + why));
    if (restored.isPresent()) {
      onKeptTree = true;
      run = restored.get().run();
      log.info("  incremental: the steps run again on the tree they left in the last build");
      return Optional.of(restored.get().sandbox());
    }
    tree.forget();
    run = tree.fromScratch();
    log.info(
        "  incremental, from scratch: no tree kept for this configuration and base (first build,"
            + " mvn clean, or they changed)");
    return Optional.empty();
  }

  /** What the steps of this run need, {@code null} for a stage that is not incremental. */
  public IncrementalRun run() {
    return run;
  }

  /**
   * Saves the overlay of the tree the steps left and returns where pruning moves what it removes,
   * so the next run gets it back; {@code null} (pruning deletes) for a stage that keeps nothing.
   */
  public Path asideForPrune(Sandbox sandbox) throws IOException {
    if (tree == null) {
      return null;
    }
    tree.saveTree(sandbox);
    return tree.aside();
  }

  /**
   * How the reports say this build got the stage: {@link #CLEAN}, {@link #INCREMENTAL}, or null.
   */
  public String build() {
    if (!spec.incremental().asked()) {
      return null;
    }
    return onKeptTree ? INCREMENTAL : CLEAN;
  }

  /**
   * Keeps the tree for the next run: last, once the stage succeeded.
   *
   * @param aside the paths pruning moved aside
   */
  public void remember(StageReport report, List<String> aside) throws IOException {
    if (tree != null) {
      tree.remember(key, run, report, aside);
    }
  }
}
