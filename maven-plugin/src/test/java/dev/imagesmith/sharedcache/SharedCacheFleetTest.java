package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.LogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runners share a stage through a real docker-registry with basic auth on loopback: each has
 * its own checkout (in another directory) and its own user cache; runner A builds and pushes,
 * runner B restores the stage instead of running its step and builds the same image.
 */
class SharedCacheFleetTest {
  @RegisterExtension
  static final RegistryFixture REGISTRY = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @TempDir Path fleet;

  @Test
  void runnerB_restoresRunnerAsStage_withoutRunningIt_andBuildsTheSameImage() throws Exception {
    String registry = REGISTRY.address();
    Path runs = fleet.resolve("runs");
    Path checkoutA = fleet.resolve("runner-a/work/project");
    Path checkoutB = fleet.resolve("runner-b/elsewhere/checkout");
    FleetProject.checkOut(checkoutA);
    FleetProject.checkOut(checkoutB);

    LogLines logA = new LogLines();
    BuildResult a =
        FleetProject.build(
            FleetProject.plan(
                checkoutA,
                fleet.resolve("runner-a/cache"),
                runs,
                FleetProject.shared(registry, "team/cache", true)),
            FleetProject.access(registry),
            logA);
    assertEquals(List.of("built"), Files.readAllLines(runs), logA.text());
    assertEquals(2, count(logA, "INFO   pushed to the shared cache"), logA.text());
    assertEquals(3, count(logA, "pushed to the shared cache " + registry + "/team/cache:layer-"));

    LogLines logB = new LogLines();
    BuildResult b =
        FleetProject.build(
            FleetProject.plan(
                checkoutB,
                fleet.resolve("runner-b/cache"),
                runs,
                FleetProject.shared(registry, "team/cache", false)),
            FleetProject.access(registry),
            logB);
    assertEquals(
        List.of("built"), Files.readAllLines(runs), "B did not run the step: " + logB.text());
    assertEquals(2, count(logB, "restored from the shared cache"), logB.text());
    // Its layers too: taken from the shared cache, not compressed again.
    assertEquals(3, count(logB, "taken from the shared cache"), logB.text());
    assertEquals(1, count(logB, "Layers: 0 compressed, 3 reused"), logB.text());
    assertEquals(List.of(), logB.warnings());
    assertEquals(a.digest(), b.digest(), "the same image on both runners");

    // The entries are ordinary OCI artifacts: skopeo lists and reads them.
    String tags =
        exec(
            "skopeo",
            "list-tags",
            "--tls-verify=false",
            "--creds",
            RegistryServer.USER + ":" + RegistryServer.PASSWORD,
            "docker://" + registry + "/team/cache");
    List<String> stageTags = tags(tags, "stage-");
    List<String> layerTags = tags(tags, "layer-");
    assertEquals(2, stageTags.size(), tags);
    assertEquals(3, layerTags.size(), tags);
    String raw = inspectRaw(registry, stageTags.get(0));
    assertTrue(raw.contains("\"artifactType\":\"" + StageEntry.ARTIFACT_TYPE + "\""), raw);
    assertTrue(raw.contains(StageEntry.TREE_TYPE) && raw.contains(StageEntry.SEAL), raw);
    // A layer entry's blob is the image's layer itself: the same digest, stored once.
    String image =
        Files.readString(
            b.outputDirectory().resolve("oci/blobs/sha256").resolve(b.digest().encoded()));
    for (String tag : layerTags) {
      String layer = inspectRaw(registry, tag);
      assertTrue(layer.contains(LayerSharing.ARTIFACT_TYPE), layer);
      String digest =
          layer.replaceAll(
              "(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
      assertTrue(image.contains(digest), digest + " in " + image);
    }
  }

  private static List<String> tags(String listing, String prefix) {
    return listing
        .lines()
        .map(String::strip)
        .filter(l -> l.startsWith("\"" + prefix))
        .map(l -> l.replaceAll("[\",]", ""))
        .toList();
  }

  private static String inspectRaw(String registry, String tag) throws Exception {
    return exec(
        "skopeo",
        "inspect",
        "--raw",
        "--tls-verify=false",
        "--creds",
        RegistryServer.USER + ":" + RegistryServer.PASSWORD,
        "docker://" + registry + "/team/cache:" + tag);
  }

  static long count(LogLines log, String fragment) {
    return log.lines().stream().filter(line -> line.contains(fragment)).count();
  }

  static String exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + out);
    return out;
  }
}
