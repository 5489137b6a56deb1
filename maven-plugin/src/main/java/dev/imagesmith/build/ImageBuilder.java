package dev.imagesmith.build;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BuildPlan;

/**
 * Runs the whole pipeline for one {@link BuildPlan}: base image, stages (steps, prune), layers,
 * assembly, outputs. Thread-safe as long as each build has its own work and output directories.
 */
public final class ImageBuilder {
  private final BuildLog log;

  public ImageBuilder(BuildLog log) {
    this.log = log;
  }

  /**
   * Builds the image described by {@code plan}.
   *
   * @throws dev.imagesmith.error.UserInputException for the user's mistakes and bad input
   * @throws dev.imagesmith.error.ImagesmithException for environment failures
   */
  public BuildResult build(BuildPlan plan) {
    log.debug("building " + plan.to().image());
    throw new UnsupportedOperationException("the pipeline is being assembled in this change");
  }
}
