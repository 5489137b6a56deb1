package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StepSpec;

/**
 * What a step sees of the stage it runs in.
 *
 * @param stageName the stage's name, for messages
 * @param sandbox the stage's root filesystem
 * @param log where progress and command output go
 */
public record StepContext(String stageName, Sandbox sandbox, BuildLog log) {

  /** The prefix of every message about a step: {@code stage 'builder', step <where> (run)}. */
  public String describe(StepSpec step, String kind) {
    return "stage '" + stageName + "', step " + step.where() + " (" + kind + ")";
  }
}
