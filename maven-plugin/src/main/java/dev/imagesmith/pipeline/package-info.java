/**
 * The build pipeline: {@link dev.imagesmith.pipeline.ImageBuilder} runs one build top to bottom,
 * one class per phase, and emits progress events.
 *
 * <ol>
 *   <li>plan: the directories and caches of the build ({@code Workspace}, {@code WorkDirectory});
 *       the earlier outputs set aside; the bases opened ({@code BaseImages});
 *   <li>stages: each stage's base and steps ({@code StageBuilder}), then its pruning ({@code
 *       StagePruning}); the built-in {@code project} stage ({@code ProjectLayers});
 *   <li>assemble: the layers over the base, the config ({@code ImageAssembler}, {@code
 *       ConfigFactory}), and the image's filesystem model for the checks;
 *   <li>checks: shared libraries, budget, {@code report.html} ({@code ImageChecks});
 *   <li>outputs: OCI layout, docker-archive, {@code image.json}, {@code digest} last ({@code
 *       ImageOutputs}, {@code OutputFiles});
 *   <li>report: what the log says last ({@code BuildReport}).
 * </ol>
 *
 * <p>A plan with several platforms runs these phases once per platform, each in its own work and
 * output directory, then writes the OCI image index over the images ({@code PlatformImages}).
 *
 * <p>No cache lives here: the phases use the stage cache ({@code stage}), the layer and base-index
 * caches ({@code layer}), the kept outputs and the file-hash memo ({@code store}), the blob cache
 * ({@code registry}) and the fleet's shared cache ({@code sharedcache}), which {@code StageBuilder}
 * asks where the stage cache misses and the layer cache asks where it misses. May import everything
 * but {@code maven}.
 */
package dev.imagesmith.pipeline;
