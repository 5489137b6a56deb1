package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.plan.BuildPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild that makes the same image keeps target/image as it is (no file written, the image not
 * inspected again); a changed image, changed tags or a touched output are written anew.
 */
class OutputReuseTest {
  @TempDir Path project;
  @TempDir Path userCache;

  private BuildPlan plan(boolean cache) {
    return TwoStageProject.plan(project, userCache, cache);
  }

  private BuildResult build(boolean cache, TwoStageProject.Lines log) {
    return new ImageBuilder(log).build(plan(cache));
  }

  /** Every file of target/image: its inode, mtime and size. */
  private Map<String, String> identities() throws Exception {
    Path output = project.resolve("target/image");
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(output)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        found.put(
            output.relativize(file).toString(),
            attributes.fileKey() + " " + attributes.lastModifiedTime() + " " + attributes.size());
      }
    }
    return found;
  }

  @Test
  void unchangedRebuild_writesNothingAndInspectsNothing() throws Exception {
    TwoStageProject.sources(project);
    BuildResult first = build(true, new TwoStageProject.Lines());
    Map<String, String> before = identities();
    Map<String, String> bytes = TwoStageProject.outputDigests(project);
    assertTrue(before.containsKey("digest") && before.containsKey("image.tar"), before.toString());
    assertTrue(before.containsKey("report.html") && before.containsKey("oci/index.json"));

    TwoStageProject.Lines again = new TwoStageProject.Lines();
    BuildResult second = build(true, again);
    assertEquals(first.digest(), second.digest());
    assertEquals(before, identities(), "every output kept: same inode, mtime and size");
    assertEquals(1, again.count("not inspected again"), again.infos.toString());
    TwoStageProject.Lines third = new TwoStageProject.Lines();
    build(true, third);
    assertEquals(before, identities(), "kept again by a third build");
    assertEquals(1, third.count("not inspected again"), third.infos.toString());

    // The same bytes a build without any reuse writes.
    build(false, new TwoStageProject.Lines());
    assertEquals(bytes, TwoStageProject.outputDigests(project));
  }

  @Test
  void changedImage_rewritesEveryOutput() throws Exception {
    TwoStageProject.sources(project);
    BuildResult first = build(true, new TwoStageProject.Lines());
    Map<String, String> before = identities();

    Files.writeString(project.resolve("src/data/table.csv"), "a,1\nb,3\n");
    TwoStageProject.Lines changed = new TwoStageProject.Lines();
    BuildResult second = build(true, changed);
    assertNotEquals(first.digest(), second.digest());
    assertEquals(0, changed.count("not inspected again"), changed.infos.toString());
    Map<String, String> after = identities();
    for (String name :
        List.of("digest", "image.json", "report.html", "image.tar", "oci/index.json")) {
      assertNotEquals(before.get(name), after.get(name), name + " was written again");
    }
    assertEquals(second.digest() + "\n", Files.readString(project.resolve("target/image/digest")));
  }

  @Test
  void touchedOutput_isWrittenAgain() throws Exception {
    TwoStageProject.sources(project);
    build(true, new TwoStageProject.Lines());
    Path archive = project.resolve("target/image/image.tar");
    byte[] good = Files.readAllBytes(archive);
    Files.write(archive, new byte[] {1, 2, 3});

    build(true, new TwoStageProject.Lines());
    assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(archive)), "archive rewritten");
  }

  @Test
  void failedRebuild_leavesNoDigestNorImage() throws Exception {
    TwoStageProject.sources(project);
    build(true, new TwoStageProject.Lines());
    // A copy whose source is gone fails the app stage.
    Files.writeString(project.resolve("src/app/main.sh"), "changed");
    dev.imagesmith.io.HostFiles.deleteTree(project.resolve("src/app"));
    org.junit.jupiter.api.Assertions.assertThrows(
        RuntimeException.class, () -> build(true, new TwoStageProject.Lines()));
    Path output = project.resolve("target/image");
    for (String name : List.of("digest", "image.json", "report.html", "image.tar", "oci")) {
      assertTrue(!Files.exists(output.resolve(name)), name + " left behind by a failed build");
    }
  }
}
