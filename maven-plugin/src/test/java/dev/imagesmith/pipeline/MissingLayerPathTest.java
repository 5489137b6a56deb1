package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.testkit.TestPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer whose path its stage lacks: the message names the stage, and a stage that has it. */
class MissingLayerPathTest {
  @TempDir Path project;
  @TempDir Path userCache;

  @BeforeEach
  void sources() throws Exception {
    Files.writeString(Files.createDirectories(project.resolve("src/app")).resolve("a.sh"), "a\n");
    Files.writeString(Files.createDirectories(project.resolve("src/data")).resolve("t"), "t\n");
  }

  private String failure(LayerSpec layer) {
    BuildPlan plan = TwoStageProject.plan(project, userCache, false);
    BuildPlan wrong = TestPlans.copy(plan).layers(List.of(layer)).build();
    String message =
        assertThrows(
                UserInputException.class,
                () -> new ImageBuilder(new TwoStageProject.Lines()).build(wrong))
            .getMessage();
    assertFalse(Files.exists(project.resolve("target/image/digest")), "no image written");
    return message;
  }

  @Test
  void pathOfAnotherStage_namesBothStages() {
    assertEquals(
        "<layers>/<layer>[1]: stage 'app' has no /srv/data: nothing exists at that path after its"
            + " steps and pruning. Stage 'data' has it: name that stage in <stage> if the layer"
            + " should come from there",
        failure(new LayerSpec("app", "/srv/data", "<layers>/<layer>[1]")));
  }

  @Test
  void pathOfNoStage_namesTheStageAndWhatToCheck() {
    assertEquals(
        "<layers>/<layer>[1]: stage 'data' has no /opt/java: nothing exists at that path after"
            + " its steps and pruning. Check the <path>, the step of stage 'data' that should"
            + " create it and the prune rules",
        failure(new LayerSpec("data", "/opt/java", "<layers>/<layer>[1]")));
  }
}
