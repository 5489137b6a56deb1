package dev.imagesmith.pipeline;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.project.ProjectStage;
import dev.imagesmith.report.Sizes;
import dev.imagesmith.report.StageSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the built-in stage {@code project} when a layer names it, and turns the plan's layers into
 * the layers the assembler writes: a {@code <layer><stage>project</stage></layer>} without a path
 * becomes one layer per non-empty part ({@code project/release-dependencies:/app/libs}, ..., {@code
 * project/classes:/app/classes}); with a path it selects that path of the whole stage.
 */
final class ProjectLayers {
  /**
   * @param layers the layers to write, in order, with project parts expanded
   * @param stages sandboxes of the project stage and its parts, keyed by the names in {@code
   *     layers}
   * @param summary the stage's report entry, empty when no layer names the stage
   */
  record Prepared(
      List<LayerSpec> layers, Map<String, BuiltStage> stages, Optional<StageSummary> summary) {}

  private ProjectLayers() {}

  static Prepared prepare(BuildPlan plan, Path root, BuildLog log) throws IOException {
    boolean named =
        plan.layers().stream().anyMatch(layer -> ProjectArtifacts.STAGE.equals(layer.stage()));
    if (!named) {
      return new Prepared(plan.layers(), Map.of(), Optional.empty());
    }
    log.info("Stage " + ProjectArtifacts.STAGE);
    long started = System.nanoTime();
    ProjectStage stage = ProjectStage.fill(plan.project(), root, plan.timestamp());
    if (stage.layersFrom() != null) {
      log.info("  " + stage.layersFrom());
    }
    for (ProjectStage.Part part : stage.parts()) {
      log.info(
          String.format(
              Locale.ROOT,
              "  %s: %s, %s in %s",
              part.label(),
              part.files() == 1 ? "1 file" : part.files() + " files",
              Sizes.human(part.bytes()),
              part.selectedPath()));
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Stage %s done: %s (%.1f s)",
            ProjectArtifacts.STAGE,
            Sizes.human(stage.bytes()),
            (System.nanoTime() - started) / 1e9));

    List<LayerSpec> layers = new ArrayList<>();
    Map<String, BuiltStage> stages = new LinkedHashMap<>();
    StageSummary summary =
        new StageSummary(
            ProjectArtifacts.STAGE, null, stage.bytes(), stage.bytes(), List.of(), List.of());
    for (LayerSpec layer : plan.layers()) {
      if (!ProjectArtifacts.STAGE.equals(layer.stage())) {
        layers.add(layer);
      } else if (layer.path() != null) {
        stages.put(
            ProjectArtifacts.STAGE,
            built(ProjectArtifacts.STAGE, stage.whole(), summary, plan.paths()));
        layers.add(layer);
      } else {
        if (stage.parts().isEmpty()) {
          throw new UserInputException(
              layer.where()
                  + " selects the stage project, but the project has no runtime dependencies,"
                  + " classes or resources: build a jar project (mvn package compiles it first),"
                  + " or select the layers from your own stages in "
                  + plan.paths().layers());
        }
        for (ProjectStage.Part part : stage.parts()) {
          String name = ProjectArtifacts.STAGE + "/" + part.label();
          stages.put(name, built(name, part.sandbox(), summary, plan.paths()));
          layers.add(new LayerSpec(name, part.selectedPath(), layer.where(), layer.owner()));
        }
      }
    }
    return new Prepared(layers, stages, Optional.of(summary));
  }

  private static BuiltStage built(
      String name, Sandbox sandbox, StageSummary summary, ConfigPaths paths) {
    return new BuiltStage(
        new StageSpec(name, null, List.of(), PruneSpec.defaults(), paths.layers()),
        sandbox,
        summary,
        null,
        false);
  }
}
