package dev.imagesmith.pipeline;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.StageSummary;

/** A stage after its steps and pruning: its sandbox, ready to give layers, and its summary. */
record BuiltStage(StageSpec spec, Sandbox sandbox, StageSummary summary) {}
