package dev.imagesmith.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.image.Digest;
import dev.imagesmith.stage.StepReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageJsonTest {
  private static final Digest A = new Digest("a".repeat(64));

  private static ImageSummary imageWithSteps(StepReport... steps) {
    return new ImageSummary(
        A,
        List.of("example.org/team/hello:1.0"),
        "linux/amd64",
        "scratch",
        null,
        List.of(),
        List.of(new StageSummary("runtime", null, 10, 10, List.of(), List.of(steps))));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void toBytes_debianStep_listsMaintainerScriptsNotRunOtherStepsUnchanged() throws Exception {
    JsonNode steps =
        new ObjectMapper()
            .readTree(
                ImageJson.toBytes(
                    imageWithSteps(
                        new StepReport("run", "steps/run[1]", 1.5),
                        new StepReport(
                            "debian",
                            "steps/debian[1]",
                            2.5,
                            List.of(
                                "libc6=2.36-9+deb12u14 (preinst, postinst, triggers)",
                                "tool=1.0-1 (postinst)")),
                        new StepReport("debian", "steps/debian[2]", 0.5))))
            .get("stages")
            .get(0)
            .get("steps");

    assertEquals(List.of("kind", "where"), fieldNames(steps.get(0)), "other steps as before");
    JsonNode debian = steps.get(1);
    assertEquals(List.of("kind", "where", "maintainerScriptsNotRun"), fieldNames(debian));
    assertEquals(
        "[\"libc6=2.36-9+deb12u14 (preinst, postinst, triggers)\",\"tool=1.0-1 (postinst)\"]",
        debian.get("maintainerScriptsNotRun").toString());
    assertEquals(
        "[]",
        steps.get(2).get("maintainerScriptsNotRun").toString(),
        "a debian step that skipped nothing says so, rather than leaving the reader to guess");
  }

  @Test
  void toBytes_withoutDebianSteps_hasNoTraceOfTheField() {
    String json =
        new String(
            ImageJson.toBytes(imageWithSteps(new StepReport("copy", "steps/copy[1]", 0.1))),
            StandardCharsets.UTF_8);
    assertFalse(json.contains("maintainerScriptsNotRun"), json);
  }
}
