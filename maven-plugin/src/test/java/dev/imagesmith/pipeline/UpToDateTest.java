package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.plan.BuildPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild with the configuration, the base and every stage's inputs of the last successful build,
 * and its outputs untouched, runs nothing and writes nothing: the outputs are the last build's,
 * byte for byte. Any change to an input or an output and the build runs as always.
 */
class UpToDateTest {
  private static final String UP_TO_DATE = "Up to date:";

  @TempDir Path project;
  @TempDir Path userCache;

  private BuildResult build(TwoStageProject.Lines log) {
    return build(TwoStageProject.plan(project, userCache, true), log);
  }

  private BuildResult build(BuildPlan plan, TwoStageProject.Lines log) {
    return new ImageBuilder(log).build(plan);
  }

  @Test
  void unchanged_nothingRunOrWritten_sameOutputsAndDigest() throws Exception {
    TwoStageProject.sources(project);
    BuildResult first = build(new TwoStageProject.Lines());
    Map<String, String> written = TwoStageProject.outputDigests(project);
    long imageTarInode = inode("target/image/image.tar");

    TwoStageProject.Lines again = new TwoStageProject.Lines();
    BuildResult second = build(again);
    assertEquals(1, again.count(UP_TO_DATE), again.debugs.toString());
    assertEquals(0, again.count("Stage app"), "no stage opened");
    assertEquals(
        1,
        again.countDebug("SBOM and provenance untouched since recorded"),
        "not read: their inode facts, ctime included, are the recorded ones");
    assertEquals(first.digest(), second.digest());
    assertEquals(written, TwoStageProject.outputDigests(project));
    assertEquals(imageTarInode, inode("target/image/image.tar"), "not written again");
    assertTrue(again.count("Image " + first.digest() + " written to") == 1, again.infos.toString());
    assertTrue(again.count("stage app after prune") == 1, "the size table again");

    TwoStageProject.Lines third = new TwoStageProject.Lines();
    build(third);
    assertEquals(1, third.count(UP_TO_DATE), "and again");
  }

  @Test
  void sourceChanged_runsAsAlways_thenUpToDateAgain() throws Exception {
    TwoStageProject.sources(project);
    BuildResult first = build(new TwoStageProject.Lines());
    build(new TwoStageProject.Lines());

    Files.writeString(project.resolve("src/data/table.csv"), "a,1\nb,3\n");
    TwoStageProject.Lines changed = new TwoStageProject.Lines();
    BuildResult second = build(changed);
    assertEquals(0, changed.count(UP_TO_DATE), changed.infos.toString());
    assertNotEquals(first.digest(), second.digest());
    assertEquals(1, changed.count("unchanged since the last build"), "app kept, data run");

    TwoStageProject.Lines again = new TwoStageProject.Lines();
    assertEquals(second.digest(), build(again).digest());
    assertEquals(1, again.count(UP_TO_DATE), again.infos.toString());
  }

  @Test
  void outputRemovedOrEdited_writtenAgain() throws Exception {
    TwoStageProject.sources(project);
    build(new TwoStageProject.Lines());
    Map<String, String> written = TwoStageProject.outputDigests(project);

    Files.delete(project.resolve("target/image/image.tar"));
    TwoStageProject.Lines removed = new TwoStageProject.Lines();
    build(removed);
    assertEquals(0, removed.count(UP_TO_DATE), removed.infos.toString());
    assertEquals(written, TwoStageProject.outputDigests(project));

    // Same size, the old mtime put back: the SBOM's recorded digest shows the edit.
    Path sbom = project.resolve("target/image/sbom.cdx.json");
    String good = Files.readString(sbom);
    dev.imagesmith.io.FileChanges.rewriteKeepingMtime(
        sbom, good.replaceFirst("\"bomFormat\"", "\"bomFormaX\""));
    TwoStageProject.Lines edited = new TwoStageProject.Lines();
    build(edited);
    assertEquals(0, edited.count(UP_TO_DATE), edited.infos.toString());
    assertEquals(good, Files.readString(sbom));
  }

  @Test
  void configurationChanged_runsAsAlways() throws Exception {
    TwoStageProject.sources(project);
    build(new TwoStageProject.Lines());
    BuildPlan tagged =
        TwoStageProject.plan(
            project,
            userCache,
            true,
            new dev.imagesmith.plan.BaseSpec.Scratch(),
            "example.org/other:2");
    TwoStageProject.Lines changed = new TwoStageProject.Lines();
    build(tagged, changed);
    assertEquals(0, changed.count(UP_TO_DATE), changed.infos.toString());
    assertTrue(
        Files.readString(project.resolve("target/image/image.json"))
            .contains("example.org/other:2"));
  }

  @Test
  void withoutTheCache_neverUpToDate_andTheRecordIsGone() throws Exception {
    TwoStageProject.sources(project);
    build(new TwoStageProject.Lines());
    build(TwoStageProject.plan(project, userCache, false), new TwoStageProject.Lines());
    TwoStageProject.Lines again = new TwoStageProject.Lines();
    build(again);
    assertEquals(0, again.count(UP_TO_DATE), "a build without the cache may have written anything");
    TwoStageProject.Lines third = new TwoStageProject.Lines();
    build(third);
    assertEquals(1, third.count(UP_TO_DATE), third.infos.toString());
  }

  @Test
  void W21_recordPlantedAsALinkToAHostFile_hostFileUntouched_buildRuns() throws Exception {
    TwoStageProject.sources(project);
    BuildPlan plan = TwoStageProject.plan(project, userCache, true);
    build(plan, new TwoStageProject.Lines());
    Path victim = Files.writeString(userCache.resolve("victim"), "a host file\n");
    Path record = plan.workDirectory().resolve(UpToDate.FILE);
    Files.delete(record);
    Files.createSymbolicLink(record, victim);

    TwoStageProject.Lines again = new TwoStageProject.Lines();
    build(plan, again);
    assertEquals(0, again.count(UP_TO_DATE), again.infos.toString());
    assertEquals("a host file\n", Files.readString(victim));
    assertTrue(Files.isRegularFile(record, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    TwoStageProject.Lines third = new TwoStageProject.Lines();
    build(plan, third);
    assertEquals(1, third.count(UP_TO_DATE), "the record written again, as a file");

    Files.delete(record);
    Files.createDirectories(record.resolve("planted"));
    TwoStageProject.Lines directory = new TwoStageProject.Lines();
    build(plan, directory);
    assertEquals(0, directory.count(UP_TO_DATE), directory.infos.toString());
    assertTrue(Files.isRegularFile(record, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void projectLayers_upToDateWhileTheirFilesHoldTheSameBytes() throws Exception {
    Path classes = Files.createDirectories(project.resolve("target/classes/com/example"));
    Files.writeString(classes.resolve("Main.class"), "bytecode v1");
    Path library = Files.writeString(project.resolve("lang3.jar"), "release jar");
    dev.imagesmith.plan.ProjectArtifacts artifacts =
        new dev.imagesmith.plan.ProjectArtifacts(
            java.util.List.of(
                new dev.imagesmith.plan.ProjectArtifacts.Library(
                    library, "commons-lang3-3.14.0.jar", false)),
            project.resolve("target/classes"),
            null);
    BuildPlan plan =
        dev.imagesmith.testkit.TestPlans.in(project)
            .layers(
                java.util.List.of(
                    new dev.imagesmith.plan.LayerSpec(
                        dev.imagesmith.plan.ProjectArtifacts.STAGE, null, "<layers>/<layer>[1]")))
            .to(dev.imagesmith.testkit.TestPlans.image("app:1"))
            .project(artifacts)
            .build();
    BuildResult first = build(plan, new TwoStageProject.Lines());
    TwoStageProject.Lines again = new TwoStageProject.Lines();
    assertEquals(first.digest(), build(plan, again).digest());
    assertEquals(1, again.count(UP_TO_DATE), again.infos.toString());

    // Written again with the same bytes (as a recompile does): still up to date.
    Files.writeString(classes.resolve("Main.class"), "bytecode v1");
    TwoStageProject.Lines rewritten = new TwoStageProject.Lines();
    build(plan, rewritten);
    assertEquals(1, rewritten.count(UP_TO_DATE), rewritten.infos.toString());

    Files.writeString(classes.resolve("Main.class"), "bytecode v2");
    TwoStageProject.Lines changed = new TwoStageProject.Lines();
    BuildResult second = build(plan, changed);
    assertEquals(0, changed.count(UP_TO_DATE), changed.infos.toString());
    assertNotEquals(first.digest(), second.digest());

    Files.writeString(library, "release jar, patched");
    TwoStageProject.Lines dependency = new TwoStageProject.Lines();
    assertNotEquals(second.digest(), build(plan, dependency).digest());
    assertEquals(0, dependency.count(UP_TO_DATE), dependency.infos.toString());
  }

  private long inode(String path) throws IOException {
    return ((Number) Files.getAttribute(project.resolve(path), "unix:ino")).longValue();
  }
}
