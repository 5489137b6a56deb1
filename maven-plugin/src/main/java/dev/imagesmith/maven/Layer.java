package dev.imagesmith.maven;

import dev.imagesmith.plan.LayerOwner;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code <layer>} of the final image: {@code <stage>builder</stage><path>/install</path>}
 * copies the tree at that path of that stage to the same path in the image; {@code
 * <owner>1000:1000</owner>} gives every entry of it that owner.
 */
public final class Layer {
  private static final Pattern OWNER = Pattern.compile("([0-9]{1,10})(?::([0-9]{1,10}))?");

  /**
   * The name of a stage in {@code <stages>}, or {@code project}: the built-in stage with the
   * project's dependencies, resources and classes.
   */
  private String stage;

  /** An absolute path in the stage; optional for {@code project} only. */
  private String path;

  /**
   * {@code uid:gid} (or {@code uid}, for the same gid) that every entry of the layer gets, like
   * {@code COPY --chown}; numeric only.
   */
  private String owner;

  /**
   * The validated spec, or {@code null} after recording each mistake.
   *
   * @param layer may be {@code null} for an empty {@code <layer/>}
   * @param stages the names of the stages, in order, to check {@code <stage>} against
   */
  static LayerSpec toSpec(Layer layer, int index, Collection<String> stages, Problems problems) {
    Layer given = layer == null ? new Layer() : layer;
    String where = XmlPath.item(XmlPath.root("layers"), "layer", index);
    int before = problems.count();
    LayerOwner owner = owner(given.owner, XmlPath.child(where, "owner"), problems);
    if (given.stage != null && given.stage.trim().equals(ProjectArtifacts.STAGE)) {
      LayerSpec project = projectLayer(given, where, problems);
      return project == null || problems.count() > before
          ? null
          : new LayerSpec(project.stage(), project.path(), where, owner);
    }
    String stage = checkStage(given.stage, XmlPath.child(where, "stage"), stages, problems);
    String path =
        problems.selectedPath(given.path, XmlPath.child(where, "path"), "<path>/install</path>");
    return stage == null || path == null || problems.count() > before
        ? null
        : new LayerSpec(stage, path, where, owner);
  }

  /** {@code uid:gid} or {@code uid} (gid the same), numeric; {@code null} if absent or wrong. */
  static LayerOwner owner(String text, String where, Problems problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Matcher owner = OWNER.matcher(text.strip());
    if (owner.matches()) {
      long uid = Long.parseLong(owner.group(1));
      long gid = owner.group(2) == null ? uid : Long.parseLong(owner.group(2));
      if (uid <= LayerOwner.MAX_ID && gid <= LayerOwner.MAX_ID) {
        return new LayerOwner(uid, gid);
      }
    }
    problems.add(
        where
            + " '"
            + text.strip()
            + "' is not a numeric owner: write uid:gid, for example <owner>1000:1000</owner>"
            + (text.strip().matches("[0-9:]*")
                ? " (each id at most " + LayerOwner.MAX_ID + ")"
                : ". Names are not looked up (the layer is written before any /etc/passwd of the"
                    + " image could be read): use the numbers, as `id -u NAME` and `id -g NAME`"
                    + " print them in the image"));
    return null;
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
