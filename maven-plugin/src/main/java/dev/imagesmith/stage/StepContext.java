package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import java.util.List;

/**
 * What a step sees of the stage it runs in.
 *
 * @param stageName the stage's name, for messages
 * @param sandbox the stage's root filesystem
 * @param log where progress and command output go
 * @param isolation where the stage's run steps execute
 * @param baseEnvironment the {@code Env} of the stage's base image ({@code NAME=value}), empty
 *     without one: the start of a stage-isolated run step's environment
 * @param incremental the run of an incremental stage, {@code null} for any other
 */
public record StepContext(
    String stageName,
    Sandbox sandbox,
    BuildLog log,
    RunIsolation isolation,
    List<String> baseEnvironment,
    IncrementalRun incremental) {
  public StepContext {
    isolation = isolation == null ? RunIsolation.HOST : isolation;
    baseEnvironment = List.copyOf(baseEnvironment);
  }

  /** The context of a stage that is not incremental. */
  public StepContext(
      String stageName,
      Sandbox sandbox,
      BuildLog log,
      RunIsolation isolation,
      List<String> baseEnvironment) {
    this(stageName, sandbox, log, isolation, baseEnvironment, null);
  }

  /** A context whose run steps execute on the host. */
  public StepContext(String stageName, Sandbox sandbox, BuildLog log) {
    this(stageName, sandbox, log, RunIsolation.HOST, List.of());
  }

  /** The prefix of every message about a step: {@code stage 'builder', step <where> (run)}. */
  public String describe(StepSpec step, String kind) {
    return "stage '" + stageName + "', step " + step.where() + " (" + kind + ")";
  }
}
