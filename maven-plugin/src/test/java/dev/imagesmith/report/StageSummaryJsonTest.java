package dev.imagesmith.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.io.JsonTrees;
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
            List.of(new RuleSaving("static libraries", 3, 3600)),
            List.of(
                new StageSummary.StepSummary("copy", "<stages>/<stage>[1]/<steps>/<copy>[1]", 0.25),
                new StageSummary.StepSummary("run", "<stages>/<stage>[1]/<steps>/<run>[1]", 12)));
    byte[] written = JsonTrees.compact(StageSummaryJson.toTree(stage));
    assertEquals(stage, StageSummaryJson.fromTree(JsonTrees.parse(written)));

    StageSummary scratch = new StageSummary("runtime", null, 0, 0, List.of(), List.of());
    assertEquals(
        scratch,
        StageSummaryJson.fromTree(
            JsonTrees.parse(JsonTrees.compact(StageSummaryJson.toTree(scratch)))));
  }

  @Test
  void damagedStateIsRefused() {
    for (String damaged :
        List.of(
            "{}",
            "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":\"1\",\"sizeAfterPrune\":1,"
                + "\"prune\":[],\"steps\":[]}",
            "{\"name\":\"a\",\"from\":null,\"sizeBeforePrune\":1,\"sizeAfterPrune\":1,"
                + "\"prune\":[],\"steps\":[{\"kind\":\"run\",\"where\":\"x\"}]}")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              StageSummaryJson.fromTree(JsonTrees.parse(damaged.getBytes(StandardCharsets.UTF_8))),
          damaged);
    }
  }
}
