package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.Platform;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.SupplyChainSpec;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-platform build on a multi-platform base: each platform's image starts from the base's
 * image for that platform; a platform the base lacks stops the build, naming what it offers, and
 * leaves no digest.
 */
class MultiPlatformBaseTest {
  @TempDir Path temp;

  private final BuiltImage amd = TestImages.helloImage("amd", new Platform("linux", "amd64", ""));
  private final BuiltImage arm = TestImages.helloImage("arm", new Platform("linux", "arm64", ""));

  private Path base() throws IOException {
    Path amdLayout = temp.resolve("amd");
    Path armLayout = temp.resolve("arm");
    TestImages.layout(amdLayout, amd, "1");
    TestImages.layout(armLayout, arm, "1");
    Path base = temp.resolve("base");
    TestImages.multiPlatform(base, "1", amdLayout, armLayout);
    return base;
  }

  @Test
  void eachPlatform_startsFromTheBasesImageForIt() throws Exception {
    Path project = temp.resolve("project");
    BuildResult result =
        new ImageBuilder(BuildLog.silent())
            .build(plan(project, base(), List.of("linux/arm64", "linux/amd64")));
    ObjectMapper json = new ObjectMapper();
    for (BuiltImage baseImage : List.of(amd, arm)) {
      String arch = baseImage.config().platform().architecture();
      Path layout = result.outputDirectory().resolve("linux-" + arch + "/oci");
      JsonNode index = json.readTree(layout.resolve("index.json").toFile());
      String manifestDigest = index.get("manifests").get(0).get("digest").asText();
      JsonNode manifest =
          json.readTree(layout.resolve("blobs/sha256/" + manifestDigest.substring(7)).toFile());
      assertEquals(
          baseImage.layers().get(0).descriptor().digest().toString(),
          manifest.get("layers").get(0).get("digest").asText(),
          arch + ": the base's own layer first");
      assertEquals(2, manifest.get("layers").size(), arch);
      JsonNode config =
          json.readTree(
              layout
                  .resolve(
                      "blobs/sha256/" + manifest.get("config").get("digest").asText().substring(7))
                  .toFile());
      assertEquals(arch, config.get("architecture").asText());
    }
    // The index lists them in the POM's order.
    JsonNode top = json.readTree(result.outputDirectory().resolve("oci/index.json").toFile());
    String indexDigest = top.get("manifests").get(0).get("digest").asText();
    JsonNode index =
        json.readTree(
            result
                .outputDirectory()
                .resolve("oci/blobs/sha256/" + indexDigest.substring(7))
                .toFile());
    assertEquals(
        "arm64", index.get("manifests").get(0).get("platform").get("architecture").asText());
    assertEquals(
        "amd64", index.get("manifests").get(1).get("platform").get("architecture").asText());
  }

  // Each platform's blobs are in its own layout already, checked as they were written there: the
  // index's layout links them (the same files), not a second copy of every base layer.
  @Test
  void indexLayout_linksEachPlatformsBlobs_noSecondCopy() throws Exception {
    Path project = temp.resolve("project");
    BuildResult result =
        new ImageBuilder(BuildLog.silent())
            .build(plan(project, base(), List.of("linux/amd64", "linux/arm64")));
    Path indexBlobs = result.outputDirectory().resolve("oci/blobs/sha256");
    List<String> copied = new java.util.ArrayList<>();
    int linked = 0;
    try (var files = Files.list(indexBlobs)) {
      for (Path blob : files.toList()) {
        boolean same = false;
        for (String platform : List.of("linux-amd64", "linux-arm64")) {
          Path there =
              result
                  .outputDirectory()
                  .resolve(platform + "/oci/blobs/sha256")
                  .resolve(blob.getFileName());
          same |= Files.exists(there) && Files.isSameFile(blob, there);
        }
        if (same) {
          linked++;
        } else {
          copied.add(blob.getFileName().toString());
        }
      }
    }
    // Only the index itself is new; per platform the base's layer, the config, the manifest, the
    // documents' manifests, and the app layer and the documents' config once for both, linked.
    String index = Files.readString(result.outputDirectory().resolve("digest")).strip();
    assertEquals(List.of(index.substring("sha256:".length())), copied);
    assertTrue(linked >= 8, "linked " + linked);
  }

  @Test
  void platformTheBaseLacks_namesWhatItOffers_noDigest() throws Exception {
    Path project = temp.resolve("project");
    Path base = base();
    // A finished build first: its digest must not survive the failed one.
    new ImageBuilder(BuildLog.silent())
        .build(plan(project, base, List.of("linux/amd64", "linux/arm64")));
    assertTrue(Files.exists(project.resolve("target/image/digest")));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new ImageBuilder(BuildLog.silent())
                    .build(plan(project, base, List.of("linux/amd64", "linux/riscv64"))));
    assertTrue(
        e.getMessage()
            .contains(
                "has no image for platform linux/riscv64; it offers: linux/amd64, linux/arm64"),
        e.getMessage());
    assertFalse(Files.exists(project.resolve("target/image/digest")));
    assertFalse(Files.exists(project.resolve("target/image/oci")));
  }

  private static BuildPlan plan(Path project, Path base, List<String> platforms)
      throws IOException {
    Files.createDirectories(project.resolve("src"));
    Files.writeString(project.resolve("src/app.txt"), "the same on every platform\n");
    StageSpec app =
        new StageSpec(
            "app",
            null,
            List.of(
                new StepSpec.Copy(project.resolve("src/app.txt"), "/app/app.txt", "app/<copy>")),
            PruneSpec.defaults(),
            "app");
    return new BuildPlan(
        BaseSpec.parse("oci:" + base + ":1", project, "<from>"),
        List.of(app),
        List.of(new LayerSpec("app", "/app", "<layers>/<layer>[1]")),
        ContainerSpec.empty(),
        new TargetSpec("example.org/multi/app:1", List.of()),
        project,
        project.resolve("target/imagesmith-work/default"),
        project.resolve("target/image"),
        project.resolve("cache"),
        Instant.parse("2026-01-01T00:00:00Z"),
        Compression.GZIP,
        false,
        ProjectArtifacts.none(),
        new ChecksSpec(dev.imagesmith.plan.BudgetSpec.NONE, false, List.of(), false, List.of()),
        false,
        "auto",
        null,
        SupplyChainSpec.DEFAULT,
        platforms,
        null,
        null);
  }
}
