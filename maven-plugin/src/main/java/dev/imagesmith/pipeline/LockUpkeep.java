package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.stage.DebianLocks;
import java.io.IOException;
import java.nio.file.Path;

/** What a finished build tidies in the project's lock files. */
public final class LockUpkeep {
  private LockUpkeep() {}

  /**
   * Drops the sections of {@code image-debian.lock} that no {@code debian} step of {@code plan}
   * asks for any more. Call it only when {@code plan} is the project's only image build: another
   * execution's steps share the file.
   */
  public static void dropUnusedDebianSections(BuildPlan plan, Path lockFile, BuildLog log)
      throws IOException {
    DebianLocks.dropUnused(
        lockFile.toAbsolutePath().normalize(), plan.stages(), plan.platforms(), log);
  }
}
