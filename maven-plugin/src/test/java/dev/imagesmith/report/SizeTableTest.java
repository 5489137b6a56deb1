package dev.imagesmith.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.image.Digest;
import dev.imagesmith.prune.RuleSavings;
import dev.imagesmith.stage.StepReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeTableTest {
  private static final Digest A = new Digest("a".repeat(64));
  private static final Digest B = new Digest("b".repeat(64));
  private static final Digest C = new Digest("c".repeat(64));

  private static ImageSummary image() {
    return new ImageSummary(
        C,
        List.of("example.org/team/hello:1.0", "example.org/team/hello:latest"),
        "linux/amd64",
        "oci:/base:1",
        B,
        List.of(
            new LayerSummary(
                A, A, "application/vnd.oci.image.layer.v1.tar", 2_000_000, 2_000_000, null, null),
            new LayerSummary(
                B,
                C,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                1_500,
                4_096,
                "builder",
                "/install")),
        List.of(
            new StageSummary(
                "builder",
                null,
                120_000,
                20_000,
                List.of(
                    new RuleSavings("staticLibraries", 2, 90_000), new RuleSavings("docs", 0, 0)),
                List.of(new StepReport("run", "stages/stage[1]/steps/run[1]", 1.5)))));
  }

  @Test
  void lines_showBaseStagesLayersAndTotals() {
    List<String> lines = SizeTable.lines(image());
    assertTrue(lines.get(0).matches("WHAT\\s+SIZE\\s+COMPRESSED\\s+NOTES"), lines.get(0));
    String table = String.join("\n", lines);
    assertTrue(table.contains("base oci:/base:1"), table);
    assertTrue(table.matches("(?s).*stage builder before prune\\s+120\\.0 kB.*"), table);
    assertTrue(
        table.matches(
            "(?s).*stage builder after prune\\s+20\\.0 kB\\s+-\\s+pruned: staticLibraries -90\\.0 kB.*"),
        table);
    assertTrue(!table.contains("docs -"), "a rule that removed nothing is not listed");
    assertTrue(
        table.matches(
            "(?s).*layer builder:/install\\s+4\\.1 kB\\s+1\\.5 kB\\s+sha256:bbbbbbbbbbbb.*"),
        table);
    assertTrue(
        table.matches(
            "(?s).*IMAGE example.org/team/hello:1.0, example.org/team/hello:latest\\s+2\\.0 MB\\s+2\\.0 MB.*"),
        table);
  }

  @Test
  void human_usesDecimalUnits() {
    assertEquals("999 B", Sizes.human(999));
    assertEquals("1.0 kB", Sizes.human(1000));
    assertEquals("25.7 MB", Sizes.human(25_700_000));
  }

  @Test
  void imageJson_recordsLayersStagesAndSizes() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ImageJson.toBytes(image()));
    assertEquals(C.toString(), json.get("digest").asText());
    assertEquals("latest", json.get("tags").get(1).asText());
    assertEquals(2_001_500, json.get("size").get("compressed").asLong());
    assertEquals("builder", json.get("layers").get(1).get("source").get("stage").asText());
    assertEquals("oci:/base:1", json.get("layers").get(0).get("source").get("base").asText());
    JsonNode stage = json.get("stages").get(0);
    assertEquals(120_000, stage.get("sizeBeforePrune").asLong());
    assertEquals(90_000, stage.get("prune").get(0).get("bytes").asLong());
    assertEquals(1, json.get("base").get("layers").asLong());
  }

  @Test
  void imageJson_isDeterministic() {
    assertEquals(new String(ImageJson.toBytes(image())), new String(ImageJson.toBytes(image())));
  }
}
