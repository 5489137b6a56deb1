package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.FileChanges;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage and layer caches end to end: two stages, two layers, built cold, again unchanged, after
 * a one-file change (with its mtime preserved), and with the cache bypassed.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.imagesmith.testkit.EveryBuildRuns.class)
class ImageBuilderCacheTest {
  @TempDir Path project;
  @TempDir Path userCache;

  private BuildPlan plan(boolean cache) {
    return TwoStageProject.plan(project, userCache, cache);
  }

  private BuildResult build(boolean cache, TwoStageProject.Lines log) {
    return new ImageBuilder(log).build(plan(cache));
  }

  @Test
  void rebuilds_runAndCompressOnlyWhatChanged() throws Exception {
    Path appSource = Files.createDirectories(project.resolve("src/app"));
    Files.writeString(appSource.resolve("main.sh"), "#!/bin/sh\necho hello\n");
    Path dataSource = Files.createDirectories(project.resolve("src/data"));
    Path table = Files.writeString(dataSource.resolve("table.csv"), "a,1\nb,2\n");

    TwoStageProject.Lines cold = new TwoStageProject.Lines();
    BuildResult first = build(true, cold);
    assertEquals(1, cold.count("Layers: 2 compressed, 0 reused"), cold.infos.toString());

    TwoStageProject.Lines unchanged = new TwoStageProject.Lines();
    BuildResult second = build(true, unchanged);
    assertEquals(first.digest(), second.digest());
    assertEquals(2, unchanged.count("not run again"), unchanged.infos.toString());
    assertEquals(1, unchanged.count("Layers: 0 compressed, 2 reused"), unchanged.infos.toString());
    Path runs = project.resolve("target/imagesmith-work/default/stages/app/opt/app/runs");
    assertEquals("built\n", Files.readString(runs), "the run step ran once");

    // One input changes, keeping its size and mtime: only its stage runs, only its layer is
    // compressed, and the image changes.
    FileChanges.rewriteKeepingMtime(table, "a,1\nb,3\n");
    TwoStageProject.Lines oneChange = new TwoStageProject.Lines();
    BuildResult third = build(true, oneChange);
    assertNotEquals(second.digest(), third.digest());
    assertEquals(1, oneChange.count("not run again"), oneChange.infos.toString());
    assertEquals(1, oneChange.count("Layers: 1 compressed, 1 reused"), oneChange.infos.toString());

    // Bypassed: everything runs and is compressed again, to the same image.
    TwoStageProject.Lines bypass = new TwoStageProject.Lines();
    BuildResult fourth = build(false, bypass);
    assertEquals(third.digest(), fourth.digest());
    assertEquals(0, bypass.count("not run again"));
    assertEquals(1, bypass.count("Layers: 2 compressed, 0 reused"), bypass.infos.toString());
    assertEquals("built\n", Files.readString(runs), "a fresh sandbox ran the step once");
  }

  @Test
  void cachedLayer_isCheckedWithoutRelinking_andADamagedOneIsNeverUsed() throws Exception {
    Files.createDirectories(project.resolve("src/app"));
    Files.writeString(project.resolve("src/app/main.sh"), "#!/bin/sh\n" + "echo x\n".repeat(500));
    Files.createDirectories(project.resolve("src/data"));
    Files.writeString(project.resolve("src/data/x"), "x");
    BuildResult first = build(true, new TwoStageProject.Lines());
    Path blobs = project.resolve("target/imagesmith-work/default/blobs");
    Map<Path, Object> before = identities(blobs);
    assertEquals(2, before.size(), before.toString());

    // Unchanged: the work directory's links to the cached blobs are left as they are (inode and
    // ctime), which is what lets the memo vouch for them without reading them.
    TwoStageProject.Lines again = new TwoStageProject.Lines();
    assertEquals(first.digest(), build(true, again).digest());
    assertEquals(1, again.count("Layers: 0 compressed, 2 reused"), again.infos.toString());
    assertEquals(before, identities(blobs));

    // A cached blob damaged in place (same size, same inode as the work directory's link): its
    // ctime moved, so it is read, found wrong, dropped, and the layer compressed again.
    Path cachedBlob = before.keySet().iterator().next();
    byte[] bytes = Files.readAllBytes(cachedBlob);
    bytes[bytes.length / 2] ^= 1;
    Files.write(cachedBlob, bytes);
    TwoStageProject.Lines damaged = new TwoStageProject.Lines();
    assertEquals(first.digest(), build(true, damaged).digest());
    assertEquals(1, damaged.count("Layers: 1 compressed, 1 reused"), damaged.infos.toString());
  }

  /** Each blob file with its inode and ctime. */
  private static Map<Path, Object> identities(Path directory) throws Exception {
    Map<Path, Object> identities = new java.util.TreeMap<>();
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        identities.put(
            file,
            List.of(
                Files.getAttribute(file, "unix:ino"),
                Files.getAttribute(file, "unix:ctime").toString()));
      }
    }
    return identities;
  }

  @Test
  void keptStage_keepsItsMetadataOverlay() throws Exception {
    Path appSource = Files.createDirectories(project.resolve("src/app"));
    Path tool = Files.writeString(appSource.resolve("tool"), "a setuid tool\n");
    // setuid on the source: the copy puts it into the overlay, never onto the host file.
    Files.setAttribute(tool, "unix:mode", 04755);
    Files.createDirectories(project.resolve("src/data"));
    Files.writeString(project.resolve("src/data/x"), "x");

    BuildResult first = build(true, new TwoStageProject.Lines());
    BuildResult second = build(true, new TwoStageProject.Lines());
    assertEquals(first.digest(), second.digest(), "setuid survived the kept sandbox");
    String listing =
        new String(
            new ProcessBuilder(
                    "tar",
                    "-tvzf",
                    Files.list(project.resolve("target/imagesmith-work/default/blobs"))
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> isLayerWith(p, "opt/app/tool"))
                        .findFirst()
                        .orElseThrow()
                        .toString())
                .start()
                .getInputStream()
                .readAllBytes());
    assertTrue(listing.contains("-rwsr-xr-x"), listing);
  }

  @Test
  void rebuildOnTheSameBase_neverDecompressesTheBaseAgain(@TempDir Path child) throws Exception {
    Files.createDirectories(project.resolve("src/app"));
    Files.writeString(project.resolve("src/app/main.sh"), "#!/bin/sh\n");
    Files.createDirectories(project.resolve("src/data"));
    Files.writeString(project.resolve("src/data/x"), "x");
    build(true, new TwoStageProject.Lines());
    Path baseLayout = project.resolve("target/image/oci");
    BaseSpec base = new BaseSpec.OciLayout(baseLayout, "1", "oci:base:1");

    Files.createDirectories(child.resolve("src/app"));
    Files.writeString(child.resolve("src/app/main.sh"), "#!/bin/sh\necho child\n");
    Files.createDirectories(child.resolve("src/data"));
    Files.writeString(child.resolve("src/data/x"), "y");
    BuildResult first =
        new ImageBuilder(new TwoStageProject.Lines())
            .build(TwoStageProject.plan(child, userCache, true, base, "example.org/child:1"));
    assertTrue(
        Files.list(userCache.resolve("base-index"))
            .anyMatch(p -> !p.toString().endsWith(".partial")),
        "the base's index was recorded");

    // Damage every base layer blob in place (same names, same sizes). A rebuild that decompressed
    // the base would fail its diffID check; this one takes the base's index from the cache, and
    // its unchanged outputs are kept, so it never reads them.
    List<Path> baseLayers = layerBlobs(baseLayout);
    for (Path blob : baseLayers) {
      byte[] bytes = Files.readAllBytes(blob);
      java.util.Arrays.fill(bytes, (byte) 0);
      Files.write(blob, bytes);
    }
    BuildResult again =
        new ImageBuilder(new TwoStageProject.Lines())
            .build(TwoStageProject.plan(child, userCache, true, base, "example.org/child:1"));
    assertEquals(first.digest(), again.digest());

    // Where the blobs are used (a new tag: the OCI layout is written again) their digests are
    // still checked: the damage is found and named.
    UserInputException damaged =
        assertThrows(
            UserInputException.class,
            () ->
                new ImageBuilder(new TwoStageProject.Lines())
                    .build(
                        TwoStageProject.plan(child, userCache, true, base, "example.org/child:2")));
    assertTrue(damaged.getMessage().contains("sha256"), damaged.getMessage());
  }

  /** The layer blobs an OCI layout's single image holds. */
  private static List<Path> layerBlobs(Path layout) throws Exception {
    Path blobs = layout.resolve("blobs/sha256");
    List<Path> layers = new java.util.ArrayList<>();
    try (var files = Files.list(blobs)) {
      for (Path blob : files.toList()) {
        if (Files.size(blob) > 20 && isGzip(blob)) {
          layers.add(blob);
        }
      }
    }
    assertEquals(2, layers.size(), layers.toString());
    return layers;
  }

  private static boolean isGzip(Path blob) throws Exception {
    try (var in = Files.newInputStream(blob)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static boolean isLayerWith(Path blob, String name) {
    try {
      Process tar = new ProcessBuilder("tar", "-tzf", blob.toString()).start();
      String names = new String(tar.getInputStream().readAllBytes());
      return tar.waitFor() == 0 && names.lines().anyMatch(name::equals);
    } catch (Exception e) {
      return false;
    }
  }
}
