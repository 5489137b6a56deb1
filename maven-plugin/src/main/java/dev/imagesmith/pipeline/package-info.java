/**
 * ImageBuilder runs the pipeline (base, stages, prune, layers, assembly, outputs) and emits
 * progress events. May import everything but {@code maven}.
 */
package dev.imagesmith.pipeline;
