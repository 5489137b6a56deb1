package dev.imagesmith.pipeline;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.StageSummary;

/**
 * A stage after its steps and pruning: its sandbox, ready to give layers, and its summary.
 *
 * @param key the stage's key in the stage cache, {@code null} when it has none (no cache, or a
 *     source changed while it was copied)
 * @param kept whether the sandbox is the one an earlier build left under {@code key} (not run)
 */
record BuiltStage(
    StageSpec spec, Sandbox sandbox, StageSummary summary, String key, boolean kept) {}
