package dev.imagesmith.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.stage.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageSummaryJsonTest {
  @Test
  void roundTripsEveryField() throws IOException {
    StageSummary stage =
        new StageSummary(
            "builder",
            "oci:base",
            123_456_789_012L,
            42,
            List.of(new RuleSavings("static libraries", 3, 3600)),
            List.of(
                new StepReport("copy", "<stages>/<stage>[1]/<steps>/<copy>[1]", 0.25),
                new StepReport("run", "<stages>/<stage>[1]/<steps>/<run>[1]", 12),
                new StepReport(
                    "debian",
                    "<stages>/<stage>[1]/<steps>/<debian>[1]",
                    3,
                    List.of("libc6=2.36-9 (preinst, postinst)", "tool=1.0-1 (postinst)")),
                new StepReport("debian", "<stages>/<stage>[1]/<steps>/<debian>[2]", 1),
                new StepReport(
                    "debian",
                    "<stages>/<stage>[1]/<steps>/<debian>[3]",
                    2,
                    List.of(),
                    List.of(),
                    List.of("libc6 2.36-9 amd64 " + "ab".repeat(32)))));
    byte[] written = JsonTrees.compact(StageSummaryJson.toTree(stage));
    assertEquals(stage, StageSummaryJson.fromTree(JsonTrees.parse(written)));

    StageSummary scratch = new StageSummary("runtime", null, 0, 0, List.of(), List.of());
    assertEquals(
        scratch,
        StageSummaryJson.fromTree(
            JsonTrees.parse(JsonTrees.compact(StageSummaryJson.toTree(scratch)))));
  }

  /** A state file written before debian steps recorded the maintainer scripts they skipped. */
  private static final String BEFORE_THE_FIELD =
      "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":1,\"sizeAfterPrune\":1,"
          + "\"prune\":[],\"steps\":[{\"kind\":\"%s\",\"where\":\"x\",\"seconds\":1.0}]}";

  private static StageSummary parse(String json) throws IOException {
    return StageSummaryJson.fromTree(JsonTrees.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void fromTree_oldFormatWithoutTheField_otherStepsLoadWithAnEmptyList() throws IOException {
    StageSummary loaded = parse(BEFORE_THE_FIELD.formatted("run"));
    assertEquals(List.of(new StepReport("run", "x", 1.0, List.of())), loaded.steps());
  }

  @Test
  void fromTree_oldFormatDebianStepWithoutTheField_isDamagedSoTheStageRunsAgain() {
    // Loading it as "nothing skipped" would put a wrong, empty list into image.json.
    assertThrows(IllegalArgumentException.class, () -> parse(BEFORE_THE_FIELD.formatted("debian")));
  }

  /** A debian step's state from before it recorded the packages' SHA-256s for the SBOM. */
  @Test
  void fromTree_debianStepWithoutItsPackages_isDamagedSoTheSbomGetsItsHashes() throws IOException {
    String withScripts =
        BEFORE_THE_FIELD
            .formatted("debian")
            .replace("\"seconds\":1.0}", "\"seconds\":1.0,\"maintainerScriptsNotRun\":[]}");
    assertThrows(IllegalArgumentException.class, () -> parse(withScripts));
    assertEquals(
        List.of("p 1 amd64 00"),
        parse(withScripts.replace("[]}", "[],\"debianPackages\":[\"p 1 amd64 00\"]}"))
            .steps()
            .get(0)
            .debianPackages());
  }

  @Test
  void toReport_leavesThePackagesToTheStageCache() {
    StageSummary stage =
        new StageSummary(
            "a",
            null,
            1,
            1,
            List.of(),
            List.of(
                new StepReport("debian", "x", 1, List.of(), List.of(), List.of("p 1 amd64 00"))));
    assertFalse(StageSummaryJson.toReport(stage).toString().contains("debianPackages"));
  }

  @Test
  void damagedStateIsRefused() {
    for (String damaged :
        List.of(
            "{}",
            "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":\"1\",\"sizeAfterPrune\":1,"
                + "\"prune\":[],\"steps\":[]}",
            "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":1,\"sizeAfterPrune\":1,"
                + "\"prune\":[],\"steps\":[{\"kind\":\"run\",\"where\":\"x\"}]}",
            "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":1,\"sizeAfterPrune\":1,"
                + "\"prune\":[],\"steps\":[{\"kind\":\"debian\",\"where\":\"x\","
                + "\"seconds\":1,\"maintainerScriptsNotRun\":[1]}]}")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              StageSummaryJson.fromTree(JsonTrees.parse(damaged.getBytes(StandardCharsets.UTF_8))),
          damaged);
    }
  }
}
