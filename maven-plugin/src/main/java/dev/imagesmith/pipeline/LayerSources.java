package dev.imagesmith.pipeline;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.LayerSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before a layer is planned, that its stage has the selected path, so that the failure
 * names the stage and, when another stage has that path, that stage: the usual mistake is a layer
 * that names the wrong stage ({@code <stage>jre</stage><path>/opt/java</path>} when the JDK stage
 * made it).
 */
final class LayerSources {
  private LayerSources() {}

  /**
   * @throws UserInputException naming the layer, its stage and the path, if nothing is there
   */
  static void requireExists(
      LayerSpec spec, BuiltStage stage, Map<String, BuiltStage> stages, ConfigPaths paths)
      throws IOException {
    String resolved = stage.sandbox().resolveEntry(spec.path()).imagePath();
    if (stage.sandbox().stat(resolved).isPresent()) {
      return;
    }
    List<String> holders = new ArrayList<>();
    for (Map.Entry<String, BuiltStage> other : stages.entrySet()) {
      if (!other.getKey().equals(spec.stage()) && has(other.getValue().sandbox(), spec.path())) {
        holders.add("'" + other.getKey() + "'");
      }
    }
    throw new UserInputException(
        spec.where()
            + ": stage '"
            + spec.stage()
            + "' has no "
            + spec.path()
            + (resolved.equals(spec.path())
                ? ""
                : " (resolved inside the stage as " + resolved + ")")
            + ": nothing exists at that path after its steps and pruning. "
            + (holders.isEmpty()
                ? "Check the "
                    + paths.layerPath()
                    + ", the step of stage '"
                    + spec.stage()
                    + "' that should create it and the prune rules"
                : "Stage "
                    + String.join(" and ", holders)
                    + " has it: name that stage in "
                    + paths.layerStage()
                    + " if the layer should come from there"));
  }

  private static boolean has(Sandbox sandbox, String path) throws IOException {
    return sandbox.stat(sandbox.resolveEntry(path).imagePath()).isPresent();
  }
}
