package dev.imagesmith.plan;

import java.util.List;

/**
 * A builder stage: a sandbox that starts empty or from {@code from}, filled by {@code steps}, then
 * pruned.
 *
 * @param from the stage's base, {@code null} for an empty root
 * @param where the XML path of the stage, for messages
 */
public record StageSpec(
    String name, BaseSpec from, List<StepSpec> steps, PruneSpec prune, String where) {
  public StageSpec {
    steps = List.copyOf(steps);
  }
}
