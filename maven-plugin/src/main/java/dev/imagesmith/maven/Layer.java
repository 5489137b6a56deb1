package dev.imagesmith.maven;

import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import java.util.Collection;

/**
 * One {@code <layer>} of the final image: {@code <stage>builder</stage><path>/install</path>}
 * copies the tree at that path of that stage to the same path in the image.
 */
public final class Layer {
  /**
   * The name of a stage in {@code <stages>}, or {@code project}: the built-in stage with the
   * project's dependencies, resources and classes.
   */
  private String stage;

  /** An absolute path in the stage; optional for {@code project} only. */
  private String path;

  /**
   * The validated spec, or {@code null} after recording each mistake.
   *
   * @param layer may be {@code null} for an empty {@code <layer/>}
   * @param stages the names of the stages, in order, to check {@code <stage>} against
   */
  static LayerSpec toSpec(Layer layer, int index, Collection<String> stages, Problems problems) {
    Layer given = layer == null ? new Layer() : layer;
    String where = XmlPath.item(XmlPath.root("layers"), "layer", index);
    if (given.stage != null && given.stage.trim().equals(ProjectArtifacts.STAGE)) {
      return projectLayer(given, where, problems);
    }
    String stage = checkStage(given.stage, XmlPath.child(where, "stage"), stages, problems);
    String path =
        problems.selectedPath(given.path, XmlPath.child(where, "path"), "<path>/install</path>");
    return stage == null || path == null ? null : new LayerSpec(stage, path, where);
  }

  /**
   * The built-in stage {@code project}: without a path, one layer per part (release and snapshot
   * dependencies, resources, classes); with one, that path of the whole stage.
   */
  private static LayerSpec projectLayer(Layer given, String where, Problems problems) {
    if (given.path == null || given.path.isBlank()) {
      return new LayerSpec(ProjectArtifacts.STAGE, null, where);
    }
    String path =
        problems.selectedPath(given.path, XmlPath.child(where, "path"), "<path>/app/libs</path>");
    return path == null ? null : new LayerSpec(ProjectArtifacts.STAGE, path, where);
  }

  private static String checkStage(
      String text, String where, Collection<String> stages, Problems problems) {
    String known =
        stages.isEmpty()
            ? "no stages are defined: add one under <stages>"
            : "the stages are " + String.join(", ", stages);
    String stage = problems.required(text, where, "name the stage to take files from; " + known);
    if (stage != null && !stages.contains(stage)) {
      problems.add(where + " '" + stage + "' names no stage: " + known);
      return null;
    }
    return stage;
  }
}
