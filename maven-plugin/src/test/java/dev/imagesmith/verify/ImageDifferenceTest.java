package dev.imagesmith.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Platform;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real builds of one configuration whose run step differs between them: the report names the
 * layer, then each entry that differs and every way it does, and no entry that is the same.
 */
class ImageDifferenceTest {
  @TempDir Path temp;

  private BuildResult build(String name, String command, Map<String, String> env) {
    Path project = temp.resolve("project");
    StageSpec builder =
        new StageSpec(
            "builder",
            null,
            List.of(new StepSpec.Run(command, Map.of(), "/", "builder/<run>")),
            PruneSpec.defaults(),
            "builder");
    BuildPlan plan =
        TestPlans.in(project)
            .stages(List.of(builder))
            .layers(List.of(new LayerSpec("builder", "/install", "l1")))
            .container(new ContainerSpec(null, null, env, null, null, Map.of(), List.of()))
            .to(TestPlans.image("example.org/verify:1"))
            .workDirectory(project.resolve("target/imagesmith-work/" + name))
            .outputDirectory(project.resolve("target/" + name))
            .cacheDirectory(temp.resolve("cache"))
            .cache(false)
            .build();
    return new ImageBuilder(BuildLog.silent()).build(plan);
  }

  private static final String SAME =
      "mkdir -p \"$STAGE_ROOT/install/bin\" && echo same > \"$STAGE_ROOT/install/bin/same\"";

  private List<String> between(BuildResult a, BuildResult b) throws IOException {
    return ImageDifference.between(
        a.outputDirectory().resolve("oci"),
        a.digest(),
        b.outputDirectory().resolve("oci"),
        b.digest(),
        Platform.LINUX_AMD64);
  }

  @Test
  void between_layersThatDiffer_namesTheLayerAndEachEntryAndHow() throws IOException {
    BuildResult first =
        build(
            "first",
            SAME
                + " && echo 1 > \"$STAGE_ROOT/install/bin/stamp\""
                + " && chmod 755 \"$STAGE_ROOT/install/bin/same\""
                + " && ln -s same \"$STAGE_ROOT/install/bin/link\""
                + " && echo gone > \"$STAGE_ROOT/install/bin/only-first\"",
            Map.of());
    BuildResult second =
        build(
            "second",
            SAME
                + " && echo 2 > \"$STAGE_ROOT/install/bin/stamp\""
                + " && chmod 700 \"$STAGE_ROOT/install/bin/same\""
                + " && ln -s stamp \"$STAGE_ROOT/install/bin/link\""
                + " && echo longer > \"$STAGE_ROOT/install/bin/only-second\"",
            Map.of());

    List<String> lines = between(first, second);

    assertEquals(
        List.of(
            "layer 1 (imagesmith COPY --from=builder /install /install) differs:",
            "  /install/bin/link: link target differs (same vs stamp)",
            "  /install/bin/only-first: only in the first build",
            "  /install/bin/only-second: only in the rebuild",
            "  /install/bin/same: mode differs (0755 vs 0700)",
            "  /install/bin/stamp: content differs"),
        lines);
  }

  @Test
  void between_sameLayersOtherConfig_namesTheField() throws IOException {
    BuildResult first = build("first", SAME, Map.of("MODE", "a"));
    BuildResult second = build("second", SAME, Map.of("MODE", "b"));

    List<String> lines = between(first, second);

    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith("the config differs at /config/Env/0"), lines.toString());
  }

  // The rebuild's layout sat on disk: an index.json planted there as a link is refused, unread,
  // with the fix for our own output (build again), not the one for a user's base layout.
  @Test
  void between_indexJsonIsLink_refusedUnread() throws IOException {
    BuildResult first = build("first", SAME, Map.of("MODE", "a"));
    BuildResult second = build("second", SAME, Map.of("MODE", "b"));
    Path index = second.outputDirectory().resolve("oci/index.json");
    Path elsewhere = java.nio.file.Files.move(index, temp.resolve("elsewhere.json"));
    java.nio.file.Files.createSymbolicLink(index, elsewhere);

    dev.imagesmith.error.UserInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.imagesmith.error.UserInputException.class, () -> between(first, second));

    assertTrue(e.getMessage().contains(index.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("link"), e.getMessage());
    assertTrue(e.getMessage().contains("build the image again"), e.getMessage());
  }

  @Test
  void between_sameImage_saysNothing() throws IOException {
    BuildResult first = build("first", SAME, Map.of());
    BuildResult second = build("second", SAME, Map.of());

    assertEquals(first.digest(), second.digest());
    assertEquals(List.of(), between(first, second));
  }
}
