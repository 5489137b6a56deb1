package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.Incremental;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy-only stage links the project's files into its sandbox instead of copying them ({@code
 * stage.SourceLinks}): the image is the copy's, byte for byte, the project's files are never
 * written, a rebuild that changes nothing reads no file, and a kept stage whose project file was
 * edited in place is not reused.
 */
class CopyLinksTest {
  private static final String PROPERTY = "imagesmith.copy.links";
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("1990-05-01T00:00:00Z"));

  @TempDir Path project;
  @TempDir Path userCache;

  @AfterEach
  void linksOnAgain() {
    System.clearProperty(PROPERTY);
  }

  /** Every line, debug included. */
  static final class Lines implements BuildLog {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
      lines.add(message);
    }

    @Override
    public void warn(String message) {
      lines.add(message);
    }

    @Override
    public void debug(String message) {
      lines.add(message);
    }

    long count(String fragment) {
      return lines.stream().filter(line -> line.contains(fragment)).count();
    }
  }

  private Path source() {
    return project.resolve("src");
  }

  /** Files older than the clamp, a hardlinked pair, a setuid tool, a file pruning removes. */
  private void writeSources() throws IOException {
    Path src = Files.createDirectories(source().resolve("bin"));
    Files.writeString(src.resolve("tool"), "a setuid tool\n");
    Files.setAttribute(src.resolve("tool"), "unix:mode", 04755);
    Files.writeString(source().resolve("old.txt"), "written long ago\n");
    Files.writeString(source().resolve("one.txt"), "one\n");
    Files.writeString(source().resolve("pair-a"), "two names, one file\n");
    Files.createLink(source().resolve("pair-b"), source().resolve("pair-a"));
    Files.writeString(source().resolve("notes.log"), "pruned\n");
    try (var files = Files.walk(source())) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, LONG_AGO);
      }
    }
  }

  private BuildPlan plan(Path cache, StepSpec... more) {
    return plan(cache, Incremental.NO, more);
  }

  private BuildPlan plan(Path cache, Incremental incremental, StepSpec... more) {
    List<StepSpec> steps = new ArrayList<>();
    steps.add(new StepSpec.Copy(source(), "/app", "app/<copy>"));
    steps.addAll(List.of(more));
    StageSpec app =
        new StageSpec(
            "app",
            null,
            steps,
            new PruneSpec(true, true, true, List.of("**/*.log")),
            "app",
            null,
            incremental);
    return TestPlans.in(project)
        .from(new BaseSpec.Scratch())
        .stages(List.of(app))
        .layers(List.of(new LayerSpec("app", "/app", "l1")))
        .to(TestPlans.image("example.org/links:1"))
        .cacheDirectory(cache)
        .cache(true)
        .build();
  }

  private BuildResult build(BuildPlan plan, Lines log) {
    return new ImageBuilder(log).build(plan);
  }

  private Path sandboxFile(String name) {
    return project.resolve("target/imagesmith-work/default/stages/app/app").resolve(name);
  }

  @Test
  void linkedFiles_giveTheImageOfCopies_olderThanTheClamp_pairKept(@TempDir Path otherCache)
      throws Exception {
    writeSources();
    System.setProperty(PROPERTY, "false");
    BuildResult copied = build(plan(otherCache), new Lines());
    assertEquals(1, (int) Files.getAttribute(sandboxFile("one.txt"), "unix:nlink"), "a copy");
    String copiedListing = layerListing();
    deleteTree(project.resolve("target"));

    System.clearProperty(PROPERTY);
    BuildResult linked = build(plan(userCache), new Lines());
    assertEquals(
        Files.getAttribute(source().resolve("one.txt"), "unix:ino"),
        Files.getAttribute(sandboxFile("one.txt"), "unix:ino"),
        "the stage holds the project's file itself");
    assertEquals(copiedListing, layerListing());
    assertEquals(copied.digest(), linked.digest());
    assertTrue(copiedListing.contains("app/pair-b link to app/pair-a"), copiedListing);
  }

  @Test
  void noChangeRebuild_readsNoFile_andKeepsTheStage() throws Exception {
    writeSources();
    Lines first = new Lines();
    BuildResult cold = build(plan(userCache), first);
    assertTrue(first.count("hash memo: read ") == 1, first.lines.toString());

    Lines again = new Lines();
    // The kept stage's path, not UpToDate's.
    assertEquals(
        cold.digest(),
        dev.imagesmith.testkit.EveryBuildRuns.during(() -> build(plan(userCache), again)).digest());
    assertEquals(1, again.count("not run again"), again.lines.toString());
    assertEquals(1, again.count("hash memo: read 0 files"), again.lines.toString());
  }

  @Test
  void projectFiles_untouched_byLinksPruningAndARunStepAdded() throws Exception {
    writeSources();
    Map<Path, List<Object>> before = snapshot();
    build(plan(userCache), new Lines());
    assertTrue(Files.isSameFile(source().resolve("bin/tool"), sandboxFile("bin/tool")), "linked");
    assertTrue(Files.notExists(sandboxFile("notes.log")), "pruned: the stage's name is unlinked");
    assertEquals(before, snapshot(), "linking and pruning left the project as it was");
    build(plan(userCache), new Lines());
    assertEquals(before, snapshot(), "a kept stage");

    // The stage changes: a run step writes into a file the last build linked.
    StepSpec.Run write =
        new StepSpec.Run(
            "echo written >> \"$STAGE_ROOT/app/one.txt\"; chmod 0600 \"$STAGE_ROOT/app/old.txt\";"
                + " touch \"$STAGE_ROOT/app/pair-a\"",
            Map.of(),
            "/",
            "app/<run>");
    build(plan(userCache, write), new Lines());
    assertEquals("one\nwritten\n", Files.readString(sandboxFile("one.txt")));
    assertEquals(before, snapshot(), "the run step wrote copies, never the project's files");
  }

  @Test
  void incrementalAgain_neverRunsOnTheLinkedFiles() throws Exception {
    writeSources();
    // No setuid file: its overlay record would stop the kept tree's reuse on its own.
    Files.delete(source().resolve("bin/tool"));
    Files.delete(source().resolve("notes.log"));
    Map<Path, List<Object>> before = snapshot();
    // Incremental with a run step (a kept tree), copy-only (linked), then incremental as the
    // first time: its kept tree was forgotten, the steps never run again on the linked files.
    StepSpec.Run append =
        new StepSpec.Run("echo again >> \"$STAGE_ROOT/app/one.txt\"", Map.of(), "/", "app/<run>");
    Lines keptTree = new Lines();
    build(plan(userCache, Incremental.YES, append), keptTree);
    assertEquals(1, keptTree.count("incremental, from scratch"), keptTree.lines.toString());
    build(plan(userCache), new Lines());
    assertTrue(Files.isSameFile(source().resolve("one.txt"), sandboxFile("one.txt")), "linked");
    Lines incremental = new Lines();
    build(plan(userCache, Incremental.YES, append), incremental);
    System.err.println("DEBUG " + incremental.lines);
    assertEquals(1, incremental.count("incremental, from scratch"), incremental.lines.toString());
    assertEquals(before, snapshot(), "no incremental run on the linked files");
  }

  @Test
  void keptStage_notReused_whenAProjectFileItLinkedWasEditedInPlace() throws Exception {
    writeSources();
    BuildResult first = build(plan(userCache), new Lines());
    Path one = source().resolve("one.txt");
    // Edited in place (the stage's name sees it too), then put back as a new file: the stage key
    // is the first build's again, but the kept stage holds the edit.
    Files.writeString(one, "two\n");
    Path fresh = project.resolve("one.new");
    Files.writeString(fresh, "one\n");
    Files.setLastModifiedTime(fresh, LONG_AGO);
    Files.move(fresh, one, StandardCopyOption.REPLACE_EXISTING);
    assertEquals("two\n", Files.readString(sandboxFile("one.txt")));

    Lines again = new Lines();
    BuildResult second = build(plan(userCache), again);
    assertEquals(0, again.count("not run again"), again.lines.toString());
    assertEquals(first.digest(), second.digest());
  }

  /** Each project file's bytes, mode and mtime. */
  private Map<Path, List<Object>> snapshot() throws IOException {
    Map<Path, List<Object>> files = new TreeMap<>();
    try (var walk = Files.walk(source())) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            file,
            List.of(
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8),
                Files.getAttribute(file, "unix:mode"),
                Files.getLastModifiedTime(file)));
      }
    }
    return files;
  }

  /** {@code tar tvf} of the one layer blob of the work directory. */
  private String layerListing() throws Exception {
    Path blobs = project.resolve("target/imagesmith-work/default/blobs");
    List<String> listings = new ArrayList<>();
    try (var files = Files.list(blobs)) {
      for (Path blob : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        Process tar =
            new ProcessBuilder("tar", "-tvzf", blob.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() == 0 && !out.isEmpty()) {
          listings.add(out);
        }
      }
    }
    assertEquals(1, listings.size(), listings.toString());
    assertNotEquals("", listings.get(0));
    return listings.get(0);
  }

  private static void deleteTree(Path root) throws IOException {
    dev.imagesmith.io.HostFiles.deleteTree(root);
  }
}
