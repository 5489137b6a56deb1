package dev.imagesmith.plan;

import java.util.List;

/**
 * A builder stage: a sandbox that starts empty or from {@code from}, filled by {@code steps}, then
 * pruned.
 *
 * @param from the stage's base, {@code null} for an empty root
 * @param where the XML path of the stage, for messages
 * @param isolation where its {@code run} steps execute; part of the stage cache's key, as the same
 *     command gives another stage on the host than inside it
 * @param incremental whether a run starts from the tree the last run left; part of the key, so that
 *     {@code image.incremental=false} runs the stage from scratch
 */
public record StageSpec(
    String name,
    BaseSpec from,
    List<StepSpec> steps,
    PruneSpec prune,
    String where,
    RunIsolation isolation,
    Incremental incremental) {
  public StageSpec {
    steps = List.copyOf(steps);
    isolation = isolation == null ? RunIsolation.HOST : isolation;
    incremental = incremental == null ? Incremental.NO : incremental;
  }

  /**
   * The stage as {@code platform} builds it: each {@code download} with the platform's URL and
   * SHA-256 ({@link StepSpec.Download#forPlatform}). Itself when no step differs.
   */
  public StageSpec forPlatform(String platform) {
    List<StepSpec> resolved =
        steps.stream()
            .map(
                step ->
                    step instanceof StepSpec.Download download
                        ? (StepSpec) download.forPlatform(platform)
                        : step)
            .toList();
    return resolved.equals(steps)
        ? this
        : new StageSpec(name, from, resolved, prune, where, isolation, incremental);
  }

  /** A stage that runs from scratch every time. */
  public StageSpec(
      String name,
      BaseSpec from,
      List<StepSpec> steps,
      PruneSpec prune,
      String where,
      RunIsolation isolation) {
    this(name, from, steps, prune, where, isolation, Incremental.NO);
  }

  /** A stage whose run steps execute on the host. */
  public StageSpec(
      String name, BaseSpec from, List<StepSpec> steps, PruneSpec prune, String where) {
    this(name, from, steps, prune, where, RunIsolation.HOST);
  }

  /** The XML path of the stage's base image, for messages. */
  public String fromWhere() {
    return ConfigPaths.below(where, ConfigPaths.POM.from());
  }

  /** The XML path of the stage's prune rules, for messages. */
  public String pruneWhere() {
    return ConfigPaths.below(where, "<prune>");
  }
}
