package dev.imagesmith.maven;

import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.Incremental;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code <stage>} of {@code <stages>}: a named builder sandbox that starts empty or from its
 * own {@code <from>}, is filled by {@code <steps>} and then pruned by {@code <prune>}.
 */
public final class Stage {
  /**
   * Letters, digits, '.', '_' and '-': a stage name appears in messages, in layer selections and
   * (by the engine) in work directory names, so it must not carry '/' or "..".
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The stage's name, used by {@code <layers><layer><stage>}. Required and unique. */
  private String name;

  /** The stage's base ({@code scratch}, {@code oci:DIR[:tag]}, ...); an empty root if absent. */
  private String from;

  /**
   * Where the stage's {@code <run>} steps execute: {@code host} (the default) or {@code stage}.
   *
   * <p>{@code host}: on the build machine, as the user running Maven, with {@code STAGE_ROOT} and
   * {@code DESTDIR} naming the stage directory; the host's tools build, and the command can touch
   * whatever that user can.
   *
   * <p>{@code stage}: inside the stage, like {@code RUN} in a Dockerfile. The stage is {@code /};
   * the command runs as root of a user namespace (the user running Maven on the host; no root and
   * no setuid helper needed), with the stage's own {@code /bin/sh}, {@code PATH} and {@code Env}
   * from the stage's base image (Debian's {@code PATH} otherwise), {@code HOME=/root}, then {@code
   * <environment>}. It sees its own {@code /proc}, a minimal {@code /dev}, and the host's {@code
   * /etc/resolv.conf} and {@code /etc/hosts} (read-only, never in a layer), and nothing else of the
   * host: not the project, {@code ~/.m2}, {@code ~/.ssh} or {@code /tmp}. Every process it starts
   * ends with the step. Owners set with {@code chown}, setuid bits, hardlinks and FIFOs reach the
   * layers as set. The build log names the mechanism: unprivileged namespaces with {@code unshare}
   * (util-linux) or {@code bwrap} (bubblewrap), else {@code proot}; the property {@code
   * image.isolation.mechanism} forces one. See the page "Host or stage".
   */
  private String isolation;

  /**
   * {@code true}: when the stage must run again (its inputs changed), its steps run on the tree
   * they left last time instead of an empty sandbox, so {@code make} recompiles only what changed.
   * {@code copy} steps bring only what differs from the source, {@code extract}, {@code download}
   * and {@code debian} steps do nothing (their inputs are unchanged, or the stage starts from
   * scratch), and {@code run} steps run again. A change to anything but the copied files' content
   * (the configuration, the base, an extracted archive) starts from scratch, as do {@code mvn
   * clean} and {@code -Dimage.incremental=false}; {@code image.json} says which happened. See the
   * page "Steps".
   */
  private String incremental;

  /** What fills the stage, in order. */
  private Steps steps;

  /** What is removed after the steps ran; every rule family is on by default. */
  private Prune prune;

  /** The name as written, trimmed, or {@code null}; for the layer check before validation. */
  String name() {
    return name == null || name.isBlank() ? null : name.trim();
  }

  /** {@code <stages>/<stage>[2] (builder)}: the index always, the name when there is one. */
  static String where(Stage stage, int index) {
    String at = XmlPath.item(XmlPath.root("stages"), "stage", index);
    String name = stage == null ? null : stage.name();
    return name == null ? at : at + " (" + name + ")";
  }

  /**
   * The validated spec, or {@code null} after recording each mistake.
   *
   * @param stage may be {@code null} for an empty {@code <stage/>}
   * @param incrementalAllowed {@code image.incremental}: {@code false} runs every stage from
   *     scratch
   */
  static StageSpec toSpec(
      Stage stage, int index, Path basedir, boolean incrementalAllowed, Problems problems) {
    Stage given = stage == null ? new Stage() : stage;
    String where = where(stage, index);
    String name = checkName(given.name(), where, problems);
    BaseSpec base =
        given.from == null
            ? null
            : problems.attempt(
                () -> BaseSpec.parse(given.from, basedir, XmlPath.child(where, "from")));
    List<StepSpec> steps = steps(given.steps, where, basedir, problems);
    PruneSpec prune = Prune.toSpec(given.prune, XmlPath.child(where, "prune"), problems);
    RunIsolation isolation =
        isolation(given.isolation, XmlPath.child(where, "isolation"), problems);
    if (isolation != null && steps != null) {
      checkCaches(steps, isolation, problems);
    }
    if (isolation == RunIsolation.HOST && steps != null) {
      checkHostRuns(steps, problems);
    }
    Boolean wanted = incremental(given.incremental, XmlPath.child(where, "incremental"), problems);
    if (name == null
        || given.from != null && base == null
        || steps == null
        || isolation == null
        || wanted == null) {
      return null;
    }
    Incremental incremental =
        !wanted
            ? Incremental.NO
            : incrementalAllowed ? Incremental.YES : Incremental.OFF_BY_PROPERTY;
    return new StageSpec(name, base, steps, prune, where, isolation, incremental);
  }

  /**
   * {@code true} or {@code false}; {@code null} after recording anything else. Read here rather
   * than by Maven, whose conversion takes every word but {@code true} as {@code false}: a stage
   * with {@code <incremental>yes</incremental>} would silently run from scratch each time.
   */
  private static Boolean incremental(String value, String where, Problems problems) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.strip().equalsIgnoreCase("true")) {
      return true;
    }
    problems.add(
        where
            + " '"
            + value.strip()
            + "' is neither true nor false: write <incremental>true</incremental> to run the"
            + " stage's steps on the tree they left last time, or leave it out");
    return null;
  }

  private static RunIsolation isolation(String value, String where, Problems problems) {
    if (value == null || value.isBlank()) {
      return RunIsolation.HOST;
    }
    return switch (value.strip()) {
      case "host" -> RunIsolation.HOST;
      case "stage" -> RunIsolation.STAGE;
      default -> {
        problems.add(
            where
                + " '"
                + value.strip()
                + "' is neither host nor stage: write <isolation>stage</isolation> to run the"
                + " stage's run steps inside it, or leave it out to run them on the host");
        yield null;
      }
    };
  }

  /**
   * Inside the stage a cache is mounted at its target, which it then needs; on the host it is
   * mounted nowhere, so a target would be a promise not kept.
   */
  private static void checkCaches(List<StepSpec> steps, RunIsolation isolation, Problems problems) {
    for (StepSpec step : steps) {
      if (!(step instanceof StepSpec.Run run)) {
        continue;
      }
      for (CacheMount cache : run.caches()) {
        if (isolation == RunIsolation.STAGE && cache.target() == null) {
          problems.add(
              cache.where()
                  + " names no <target>: a stage-isolated run step mounts each cache at the stage"
                  + " path its command uses, for example <cache><target>/root/.ccache</target><id>"
                  + cache.id()
                  + "</id></cache>");
        } else if (isolation == RunIsolation.HOST && cache.target() != null) {
          problems.add(
              cache.where()
                  + " names the <target> "
                  + cache.target()
                  + ", but a host stage's command runs on the host, where nothing is mounted: it"
                  + " finds the cache's directory in $"
                  + cache.variable()
                  + ". Name the cache by its id alone (<cache>"
                  + cache.id()
                  + "</cache>), or run the stage's steps inside it with"
                  + " <isolation>stage</isolation>");
        }
      }
    }
  }

  /** {@code <network>} and {@code <timeout>} need a stage-isolated step. */
  private static void checkHostRuns(List<StepSpec> steps, Problems problems) {
    for (StepSpec step : steps) {
      if (step instanceof StepSpec.Run run && (!run.network() || run.timeout() != null)) {
        problems.add(
            run.where()
                + ": <network> and <timeout> need <isolation>stage</isolation> on the stage (a"
                + " command on the host can neither be cut from the network nor be stopped with"
                + " every process it started)");
      }
    }
  }

  private static String checkName(String name, String where, Problems problems) {
    String at = XmlPath.child(where, "name");
    if (name == null) {
      problems.add(
          at
              + " is missing: give the stage a name that layers can refer to, for example <name>builder</name>");
      return null;
    }
    if (name.equals(ProjectArtifacts.STAGE)) {
      problems.add(
          at
              + " 'project' is the name of the built-in stage that holds the project's"
              + " dependencies, resources and classes: give this stage another name, for example"
              + " <name>builder</name>");
      return null;
    }
    if (!NAME.matcher(name).matches()) {
      problems.add(
          at
              + " '"
              + name
              + "' is not a valid stage name: use up to 64 letters, digits, '.', '_' and '-',"
              + " starting with a letter or digit, for example <name>builder</name>");
      return null;
    }
    return name;
  }

  /** The steps in document order, or {@code null} if any is invalid. */
  private static List<StepSpec> steps(
      Steps steps, String stageWhere, Path basedir, Problems problems) {
    List<StepSpec> specs = new ArrayList<>();
    if (steps == null) {
      return specs;
    }
    String parent = XmlPath.child(stageWhere, "steps");
    // XPath-style positions: <run>[2] is the second <run>, whatever lies between.
    Map<String, Integer> seen = new HashMap<>();
    boolean valid = true;
    for (StepConfig step : steps.inOrder()) {
      int index = seen.merge(step.element(), 1, Integer::sum) - 1;
      StepSpec spec = step.toSpec(basedir, XmlPath.item(parent, step.element(), index), problems);
      valid &= spec != null;
      specs.add(spec);
    }
    return valid ? specs : null;
  }
}
