package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesmith.plan.BuildPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild keeps the last build's SBOM and provenance instead of making them again (for a large
 * stage the CycloneDX document alone took half a second) only when nothing that decides their bytes
 * changed: every stage kept under its key and the same image. A change the image does not show (a
 * pruned source) still changes the provenance, and a document touched since is made again.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.imagesmith.testkit.EveryBuildRuns.class)
class DocumentsReuseTest {
  private static final String KEPT = "SBOM and provenance: what decides them is unchanged";

  @TempDir Path project;
  @TempDir Path userCache;

  private BuildResult build(boolean cache, TwoStageProject.Lines log) {
    BuildPlan plan = TwoStageProject.plan(project, userCache, cache);
    return new ImageBuilder(log).build(plan);
  }

  private void sources() throws Exception {
    TwoStageProject.sources(project);
    // A static library: pruned by default, never in the image, still an input the build read.
    Files.writeString(project.resolve("src/data/libold.a"), "archive one\n");
  }

  private String document(String name) throws Exception {
    return Files.readString(project.resolve("target/image").resolve(name));
  }

  @Test
  void unchangedRebuild_keepsTheDocumentsTheirBytesAsMadeFromScratch() throws Exception {
    sources();
    build(true, new TwoStageProject.Lines());
    TwoStageProject.Lines again = new TwoStageProject.Lines();
    build(true, again);
    assertEquals(1, again.countDebug(KEPT), again.debugs.toString());
    String sbom = document("sbom.cdx.json");
    String provenance = document("provenance.json");

    TwoStageProject.Lines fresh = new TwoStageProject.Lines();
    build(false, fresh);
    assertEquals(0, fresh.countDebug(KEPT), "no cache, no reuse");
    assertEquals(sbom, document("sbom.cdx.json"));
    assertEquals(provenance, document("provenance.json"));
  }

  @Test
  void prunedSourceChanged_sameImageButTheProvenanceIsMadeAgain() throws Exception {
    sources();
    BuildResult first = build(true, new TwoStageProject.Lines());
    build(true, new TwoStageProject.Lines());
    String before = document("provenance.json");

    Files.writeString(project.resolve("src/data/libold.a"), "archive two\n");
    TwoStageProject.Lines changed = new TwoStageProject.Lines();
    BuildResult second = build(true, changed);
    assertEquals(first.digest(), second.digest(), "the pruned file is not in the image");
    assertEquals(0, changed.countDebug(KEPT), changed.debugs.toString());
    String after = document("provenance.json");
    assertNotEquals(before, after, "the copy source's tree hash changed");

    build(false, new TwoStageProject.Lines());
    assertEquals(after, document("provenance.json"), "what a build without any reuse writes");
  }

  @Test
  void documentTouchedSinceItWasWritten_isMadeAgain() throws Exception {
    sources();
    build(true, new TwoStageProject.Lines());
    Path sbom = project.resolve("target/image/sbom.cdx.json");
    String good = Files.readString(sbom);
    // Same size, a changed byte, the old mtime put back: only the inode's ctime shows it.
    dev.imagesmith.io.FileChanges.rewriteKeepingMtime(
        sbom, good.replaceFirst("\"bomFormat\"", "\"bomFormaX\""));

    TwoStageProject.Lines again = new TwoStageProject.Lines();
    build(true, again);
    assertEquals(0, again.countDebug(KEPT), again.debugs.toString());
    assertEquals(good, Files.readString(sbom));
  }
}
