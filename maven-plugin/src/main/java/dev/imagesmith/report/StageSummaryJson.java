package dev.imagesmith.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.stage.StepReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StageSummary} as a JSON tree and back, for the stage cache's state files. Written field
 * by field on purpose: Jackson's record binding costs about 150 ms of reflection on the first call,
 * which is most of a no-change rebuild.
 */
public final class StageSummaryJson {
  /**
   * Written for every {@code debian} step, even when empty. A state file of a build before this
   * field existed has none: for a {@code debian} step that counts as damaged, so the stage runs
   * again rather than reporting "no scripts skipped" from missing data; other steps never had
   * anything to say, so for them a missing field is the empty list and they stay cached.
   */
  private static final String MAINTAINER_SCRIPTS_NOT_RUN = "maintainerScriptsNotRun";

  /**
   * What a stage-isolated stage's dpkg ran: written only when something ran, so a host stage's
   * entries stay as they were; missing, it is the empty list (a state file from before it existed
   * comes from a build whose scripts did not run, which its list of scripts not run says).
   */
  private static final String MAINTAINER_SCRIPTS_RUN = "maintainerScriptsRun";

  /**
   * The packages a {@code debian} step installed ({@code name version architecture sha256}): in the
   * stage cache's state only (the SBOM of a rebuild that reuses the stage needs them), never in
   * image.json. Required for a {@code debian} step: a state file from before it existed counts as
   * damaged, and the stage runs again rather than giving an SBOM without hashes.
   */
  private static final String DEBIAN_PACKAGES = "debianPackages";

  private StageSummaryJson() {}

  /** The stage with every field, step seconds included: what the stage cache keeps. */
  public static ObjectNode toTree(StageSummary stage) {
    return toTree(stage, true);
  }

  /**
   * The stage as image.json shows it: step seconds are left out, so that equal builds give equal
   * files.
   */
  public static ObjectNode toReport(StageSummary stage) {
    return toTree(stage, false);
  }

  private static ObjectNode toTree(StageSummary stage, boolean stepSeconds) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", stage.name());
    node.put("from", stage.from());
    if (stage.build() != null) { // only incremental stages: the others' entries stay as they were
      node.put("build", stage.build());
    }
    node.put("sizeBeforePrune", stage.sizeBeforePrune());
    node.put("sizeAfterPrune", stage.sizeAfterPrune());
    ArrayNode prune = node.putArray("prune");
    for (RuleSavings saving : stage.prune()) {
      prune
          .addObject()
          .put("rule", saving.rule())
          .put("files", saving.filesRemoved())
          .put("bytes", saving.bytesSaved());
    }
    ArrayNode steps = node.putArray("steps");
    for (StepReport step : stage.steps()) {
      ObjectNode written = steps.addObject().put("kind", step.kind()).put("where", step.where());
      if (stepSeconds) {
        written.put("seconds", step.seconds());
      }
      if (step.isDebian()) { // other steps' entries stay as they were for existing readers
        ArrayNode notRun = written.putArray(MAINTAINER_SCRIPTS_NOT_RUN);
        step.maintainerScriptsNotRun().forEach(notRun::add);
        if (!step.maintainerScriptsRun().isEmpty()) {
          ArrayNode run = written.putArray(MAINTAINER_SCRIPTS_RUN);
          step.maintainerScriptsRun().forEach(run::add);
        }
        if (stepSeconds) {
          ArrayNode packages = written.putArray(DEBIAN_PACKAGES);
          step.debianPackages().forEach(packages::add);
        }
      }
    }
    return node;
  }

  /**
   * @throws IllegalArgumentException when {@code node} is not a summary written by {@link #toTree}
   *     (a damaged state file: the caller builds the stage again)
   */
  public static StageSummary fromTree(JsonNode node) {
    List<RuleSavings> prune = new ArrayList<>();
    for (JsonNode saving : array(node, "prune")) {
      prune.add(
          new RuleSavings(text(saving, "rule"), number(saving, "files"), number(saving, "bytes")));
    }
    List<StepReport> steps = new ArrayList<>();
    for (JsonNode step : array(node, "steps")) {
      JsonNode seconds = step.get("seconds");
      if (seconds == null || !seconds.isNumber()) {
        throw new IllegalArgumentException("step without seconds");
      }
      String kind = text(step, "kind");
      List<String> notRun = strings(step, kind, MAINTAINER_SCRIPTS_NOT_RUN);
      List<String> run =
          step.has(MAINTAINER_SCRIPTS_RUN)
              ? strings(step, kind, MAINTAINER_SCRIPTS_RUN)
              : List.of();
      List<String> packages = strings(step, kind, DEBIAN_PACKAGES);
      steps.add(
          new StepReport(kind, text(step, "where"), seconds.doubleValue(), notRun, run, packages));
    }
    JsonNode from = node.get("from");
    return new StageSummary(
        text(node, "name"),
        from == null || from.isNull() ? null : text(node, "from"),
        number(node, "sizeBeforePrune"),
        number(node, "sizeAfterPrune"),
        List.copyOf(prune),
        List.copyOf(steps),
        node.has("build") ? text(node, "build") : null);
  }

  /** A debian step's list {@code field}: required for debian steps, optional for others. */
  private static List<String> strings(JsonNode step, String kind, String field) {
    List<String> values = new ArrayList<>();
    if (kind.equals("debian") || step.has(field)) {
      for (JsonNode entry : array(step, field)) {
        if (!entry.isTextual()) {
          throw new IllegalArgumentException(field + " holds a non-string");
        }
        values.add(entry.asText());
      }
    }
    return values;
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException(field + " is not an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToExactIntegral()) {
      throw new IllegalArgumentException(field + " is not an integer");
    }
    return value.longValue();
  }
}
