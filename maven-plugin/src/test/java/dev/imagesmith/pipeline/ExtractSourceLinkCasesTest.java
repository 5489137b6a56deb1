package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security case M1 (security-cases.md): an {@code <extract>} source that is a symbolic link. The
 * stage key and the step read the same file, so a build gives the same result with and without the
 * cache, and a link leading out of the project is refused in both.
 */
class ExtractSourceLinkCasesTest {
  private static final String WHERE = "<stages>/<stage>[vendor]/<steps>/<extract>[1]";

  @TempDir Path temp;

  private Path project() throws Exception {
    return Files.createDirectories(temp.resolve("project"));
  }

  private static void archive(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, new TestTar().file("data.txt", content).bytes());
  }

  private BuildPlan plan(Path project, boolean cache) {
    return plan(
        project,
        cache,
        new StepSpec.Extract(project.resolve("dist/app.tar"), "/opt/app", 0, WHERE));
  }

  private BuildPlan plan(Path project, boolean cache, StepSpec step) {
    StageSpec vendor =
        new StageSpec(
            "vendor", null, List.of(step), PruneSpec.defaults(), "<stages>/<stage>[vendor]");
    return TestPlans.in(project)
        .stages(List.of(vendor))
        .layers(List.of(new LayerSpec("vendor", "/opt/app", "<layers>/<layer>[1]")))
        .to(TestPlans.image("example.org/m1:1"))
        .cacheDirectory(temp.resolve("user-cache"))
        .cache(cache)
        .build();
  }

  private BuildResult build(Path project, boolean cache) throws Exception {
    return new ImageBuilder(BuildLog.silent()).build(plan(project, cache));
  }

  @Test
  void M1_copySourceLink_copiedAsTheLinkWithAndWithoutCache() throws Exception {
    Path project = project();
    Path outside = Files.createDirectories(temp.resolve("home/.secrets")).resolve("key");
    Files.writeString(outside, "host secret");
    Files.createDirectories(project.resolve("conf"));
    Path link = project.resolve("conf/key");
    Files.createSymbolicLink(link, Path.of("../../home/.secrets/key"));
    StepSpec copy = new StepSpec.Copy(link, "/opt/app/key", "<copy>");
    Path stage = project.resolve("target/imagesmith-work/default/stages/vendor/opt/app/key");

    BuildResult cached = new ImageBuilder(BuildLog.silent()).build(plan(project, true, copy));
    assertEquals(Path.of("../../home/.secrets/key"), Files.readSymbolicLink(stage));
    BuildResult uncached = new ImageBuilder(BuildLog.silent()).build(plan(project, false, copy));
    assertEquals(cached.digest(), uncached.digest(), "the link itself, both times");
    Files.writeString(outside, "another secret"); // what the link leads to is never read
    assertEquals(
        cached.digest(),
        new ImageBuilder(BuildLog.silent()).build(plan(project, true, copy)).digest());
  }

  private static String extracted(Path project) throws Exception {
    return Files.readString(
        project.resolve("target/imagesmith-work/default/stages/vendor/opt/app/data.txt"));
  }

  @Test
  void M1_extractSourceLinkInsideProject_sameImageWithAndWithoutCache() throws Exception {
    Path project = project();
    archive(project.resolve("build/app-1.0.tar"), "one");
    archive(project.resolve("build/app-2.0.tar"), "two");
    Files.createDirectories(project.resolve("dist"));
    Path link = project.resolve("dist/app.tar");
    Files.createSymbolicLink(link, Path.of("../build/app-1.0.tar"));

    BuildResult cached = build(project, true);
    assertEquals("one", extracted(project));
    BuildResult uncached = build(project, false);
    assertEquals(cached.digest(), uncached.digest(), "the cache changes nothing");

    // The key hashes the file the link leads to: a retargeted link runs the stage again.
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("../build/app-2.0.tar"));
    BuildResult retargeted = build(project, true);
    assertEquals("two", extracted(project), "never the stale stage of the old target");
    assertNotEquals(cached.digest(), retargeted.digest());
    assertEquals(retargeted.digest(), build(project, false).digest());
  }

  @Test
  void M1_extractSourceLinkOutOfProject_refusedWithAndWithoutCache() throws Exception {
    Path project = project();
    Path outside = temp.resolve("home/.secrets/keys.tar");
    archive(outside, "host secret");
    Files.createDirectories(project.resolve("dist"));
    Files.createSymbolicLink(
        project.resolve("dist/app.tar"), Path.of("../../home/.secrets/keys.tar"));

    for (boolean cache : new boolean[] {true, false}) {
      UserInputException e = assertThrows(UserInputException.class, () -> build(project, cache));
      String message = e.getMessage();
      assertTrue(message.contains(WHERE), message);
      assertTrue(message.contains(project.resolve("dist/app.tar").toString()), message);
      assertTrue(message.contains("symbolic link to ../../home/.secrets/keys.tar"), message);
      assertTrue(message.contains("outside the project directory " + project), message);
      assertTrue(
          Files.notExists(
              project.resolve("target/imagesmith-work/default/stages/vendor/opt/app/data.txt")),
          "nothing of the host file reached the stage (cache " + cache + ")");
    }
  }
}
