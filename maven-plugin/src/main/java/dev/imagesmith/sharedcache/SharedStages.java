package dev.imagesmith.sharedcache;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.StageSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the stages phase asks the shared cache: a stage the local cache does not have may be
 * restored from it, and a stage this build has (built or kept) may be offered to it. Without a
 * shared cache, {@link #NONE} answers nothing and takes nothing.
 */
public interface SharedStages {
  /** A stage brought back from the shared cache: its sandbox filled, its summary as pushed. */
  record Restored(Sandbox sandbox, StageSummary summary) {}

  /**
   * The stage restored into {@code sandboxRoot} (absent or empty) from its entry, or empty (then
   * {@code sandboxRoot} is as it was): no entry, an unusable one (a warning), or no answer in time.
   *
   * @param baseDigest the stage base's manifest digest, or {@code null} for an empty root
   */
  Optional<Restored> restore(StageSpec spec, String baseDigest, Path sandboxRoot)
      throws IOException;

  /**
   * Offers a stage this build has, built now or kept from the last build: pushed when this build
   * pushes and the shared cache has no usable entry for it.
   */
  void offer(StageSpec spec, String baseDigest, Sandbox sandbox, StageSummary summary)
      throws IOException;

  /** No shared cache. */
  SharedStages NONE =
      new SharedStages() {
        @Override
        public Optional<Restored> restore(StageSpec spec, String baseDigest, Path sandboxRoot) {
          return Optional.empty();
        }

        @Override
        public void offer(
            StageSpec spec, String baseDigest, Sandbox sandbox, StageSummary summary) {}
      };
}
