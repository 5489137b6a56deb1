package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.Incremental;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.BusyboxStage;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental stages end to end ({@code <incremental>true</incremental>}): a C project built by the
 * host's make in a host stage, then changed one file at a time. Only what changed is compiled, what
 * pruning removed is there for the next run, files gone from the source leave the stage, and every
 * image is the one a build from scratch of the same inputs gives.
 */
class IncrementalStageTest {
  @TempDir Path project;
  @TempDir Path userCache;

  /** Every line of the build, command output included; debug lines apart, for failure messages. */
  static final class Log implements BuildLog {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final List<String> debugLines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
      lines.add(message);
    }

    @Override
    public void warn(String message) {
      lines.add("WARNING " + message);
    }

    @Override
    public void debug(String message) {
      debugLines.add(message);
    }

    @Override
    public void commandOutput(String line) {
      lines.add("| " + line);
    }

    long count(String fragment) {
      return lines.stream().filter(line -> line.contains(fragment)).count();
    }
  }

  /** Four C files, a static library of two of them (which pruning removes from the stage). */
  @BeforeEach
  void sources() throws IOException {
    Path src = Files.createDirectories(project.resolve("src/c"));
    for (String name : List.of("a", "b", "c")) {
      Files.writeString(
          src.resolve(name + ".c"), "int " + name + "(int x) { return x + '" + name + "'; }\n");
    }
    Files.writeString(
        src.resolve("main.c"),
        "#include <stdio.h>\nint a(int); int b(int); int c(int); int v(int);\n"
            + "int main(void) { printf(\"%d\\n\", a(1) + b(2) + c(3) + v(4)); return 0; }\n");
    // A vendor library that an extract step brings once: on a kept tree the step does nothing, so
    // the link needs the copy pruning took from the stage.
    Path vendor = Files.createDirectories(project.resolve("vendor-src"));
    Files.writeString(vendor.resolve("v.c"), "int v(int x) { return x * 7; }\n");
    sh(vendor, "gcc -O2 -c -o v.o v.c && ar rcD libv.a v.o && tar -cf ../vendor.tar libv.a");
    Files.writeString(src.resolve("notes.txt"), "kept only while in the source\n");
    Files.writeString(
        src.resolve("Makefile"),
        "CFLAGS = -O2 -g0\n"
            + "hello: main.o libabc.a\n\t$(CC) -o $@ main.o libabc.a $(DESTDIR)/vendor/libv.a\n"
            + "libabc.a: a.o b.o c.o\n\tar rcD $@ a.o b.o c.o\n"
            + "%.o: %.c\n\t$(CC) $(CFLAGS) -c -o $@ $<\n"
            + "install: hello\n\tmkdir -p $(DESTDIR)/install/bin $(DESTDIR)/install/share/doc"
            + "\n\tcp hello $(DESTDIR)/install/bin/hello"
            + "\n\techo docs > $(DESTDIR)/install/share/doc/README\n");
  }

  static void sh(Path directory, String command) throws IOException {
    try {
      Process process =
          new ProcessBuilder("sh", "-c", command).directory(directory.toFile()).inheritIO().start();
      assertEquals(0, process.waitFor(), command);
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  BuildPlan plan(Incremental incremental, boolean cache) {
    return withStage(builder(incremental), "/install", cache);
  }

  BuildPlan withStage(StageSpec stage, String layerPath) {
    return withStage(stage, layerPath, true);
  }

  StageSpec builder(Incremental incremental) {
    return new StageSpec(
        "builder",
        null,
        List.of(
            new StepSpec.Copy(project.resolve("src/c"), "/src", "builder/<copy>"),
            new StepSpec.Extract(project.resolve("vendor.tar"), "/vendor", 0, "builder/<extract>"),
            new StepSpec.Run(
                "make -C \"$STAGE_ROOT/src\" install DESTDIR=\"$STAGE_ROOT\"",
                Map.of(),
                "/",
                "builder/<run>")),
        PruneSpec.defaults(),
        "builder",
        RunIsolation.HOST,
        incremental);
  }

  BuildPlan withStage(StageSpec stage, String layerPath, boolean cache) {
    return TestPlans.in(project)
        .stages(List.of(stage))
        .layers(List.of(new LayerSpec(stage.name(), layerPath, "l1")))
        .to(TestPlans.image("example.org/incremental:1"))
        .cacheDirectory(userCache)
        .checks(new ChecksSpec(null, false, List.of()))
        .cache(cache)
        .build();
  }

  record Built(String digest, Log log, String build) {}

  Built build(Incremental incremental) throws IOException {
    return build(incremental, true);
  }

  Built build(Incremental incremental, boolean cache) throws IOException {
    Log log = new Log();
    String digest = new ImageBuilder(log).build(plan(incremental, cache)).digest().toString();
    JsonNode image =
        new ObjectMapper().readTree(project.resolve("target/image/image.json").toFile());
    JsonNode build = image.get("stages").get(0).get("build");
    return new Built(digest, log, build == null ? null : build.asText());
  }

  Path stage(String path) {
    return project.resolve("target/imagesmith-work/default/stages/builder").resolve(path);
  }

  void change(String file, String from, String to) throws IOException {
    Path path = project.resolve("src/c").resolve(file);
    Files.writeString(path, Files.readString(path).replace(from, to));
  }

  @Test
  void oneFileChange_compilesOneFile_andGivesTheImageOfACleanBuild() throws Exception {
    Built cold = build(Incremental.YES);
    assertEquals("clean", cold.build());
    assertEquals(1, cold.log().count("incremental, from scratch"), cold.log().lines.toString());
    assertEquals(4, cold.log().count("-c -o"), "every file compiled");
    assertFalse(Files.exists(stage("src/libabc.a")), "pruned from the stage (static library)");
    assertFalse(Files.exists(stage("install/share/doc")), "pruned from the stage (docs)");

    Built unchanged = build(Incremental.YES);
    assertEquals(cold.digest(), unchanged.digest());
    assertEquals("unchanged", unchanged.build());
    assertEquals(0, unchanged.log().count("Up to date:"), "image.json must say unchanged first");
    // Then up to date: the outputs put back say what the last build did, keep it unchanged.
    Built upToDate = build(Incremental.YES);
    assertEquals(1, upToDate.log().count("Up to date:"), upToDate.log().lines.toString());
    assertEquals("unchanged", upToDate.build());
    assertEquals(cold.digest(), upToDate.digest());

    change("b.c", "x +", "x * 2 +");
    Built oneChange = build(Incremental.YES);
    assertEquals("incremental", oneChange.build(), oneChange.log().debugLines.toString());
    assertEquals(
        1,
        oneChange.log().count("the steps run again on the tree they left"),
        oneChange.log().lines.toString());
    List<String> compiled =
        oneChange.log().lines.stream().filter(line -> line.contains("-c -o")).toList();
    assertEquals(1, compiled.size(), oneChange.log().lines.toString());
    assertTrue(compiled.get(0).endsWith("-c -o b.o b.c"), compiled.toString());
    // The libraries pruning took from the stage were back: the extract step did nothing, and the
    // link found the vendor library it brought in the first build.
    assertEquals(1, oneChange.log().count("ar rcD libabc.a"), oneChange.log().lines.toString());
    assertEquals(
        1,
        oneChange.log().count("(extract): its input is unchanged, the kept tree has it"),
        oneChange.log().lines.toString());
    assertFalse(Files.exists(stage("vendor/libv.a")), "pruned from the stage again");
    assertNotEquals(cold.digest(), oneChange.digest());

    Built clean = build(Incremental.OFF_BY_PROPERTY);
    assertEquals("clean", clean.build());
    assertEquals(4, clean.log().count("-c -o"), "from scratch");
    assertEquals(oneChange.digest(), clean.digest(), "the same image as from scratch");
    assertEquals(oneChange.digest(), build(Incremental.NO, false).digest(), "and without a cache");
  }

  @Test
  void fileGoneFromTheSource_leavesTheStage_andAnEditedCopyIsCopiedAgain() throws Exception {
    build(Incremental.YES);
    assertTrue(Files.exists(stage("src/notes.txt")));
    Files.delete(project.resolve("src/c/notes.txt"));
    // A step that edits a copied file (here, by hand in the stage) gets the source's back.
    Files.writeString(stage("src/a.c"), "int a(int x) { return 0; }\n");

    Built next = build(Incremental.YES);

    assertEquals("incremental", next.build(), next.log().debugLines.toString());
    assertFalse(Files.exists(stage("src/notes.txt")), "gone from the source, gone from the stage");
    assertEquals(
        Files.readString(project.resolve("src/c/a.c")), Files.readString(stage("src/a.c")));
    assertEquals(1, next.log().count("removed 1 objects the source no longer has"));
    assertEquals(build(Incremental.OFF_BY_PROPERTY).digest(), next.digest());
  }

  @Test
  void failedRun_leavesNoKeptTree_theNextStartsFromScratch() throws Exception {
    build(Incremental.YES);
    change("c.c", "return", "return oops");
    assertThrows(UserInputException.class, () -> build(Incremental.YES));
    change("c.c", "return oops", "return");

    Built fixed = build(Incremental.YES);

    assertEquals("clean", fixed.build());
    assertEquals(1, fixed.log().count("incremental, from scratch"), fixed.log().lines.toString());
    assertEquals(4, fixed.log().count("-c -o"));
  }

  @Test
  void stageIsolated_makeLikeStep_rebuildsOnlyTheChangedFile_sameImageAsFromScratch()
      throws Exception {
    assertTrue(BusyboxStage.available(), "apt-get install busybox-static (scripts/install-deps)");
    BusyboxStage.fill(Files.createDirectories(project.resolve("rootfs")));
    Path text = Files.createDirectories(project.resolve("src/text"));
    for (String name : List.of("one", "two", "three")) {
      Files.writeString(text.resolve(name + ".txt"), name + "\n");
    }
    // make's rule, in shell: rebuild an output older than its input. busybox compares whole
    // seconds, so the outputs are made a second after the inputs were copied.
    String step =
        "mkdir -p /out && cd /src && sleep 1 && for f in *.txt; do if [ ! /out/$f -nt $f ]; then"
            + " echo building $f; tr a-z A-Z < $f > /out/$f; fi; done";
    java.util.function.Function<Incremental, BuildPlan> plan =
        incremental ->
            withStage(
                new StageSpec(
                    "builder",
                    null,
                    List.of(
                        new StepSpec.Copy(project.resolve("rootfs"), "/", "builder/<copy>[1]"),
                        new StepSpec.Copy(text, "/src", "builder/<copy>[2]"),
                        new StepSpec.Run(step, Map.of(), "/", "builder/<run>")),
                    PruneSpec.defaults(),
                    "builder",
                    RunIsolation.STAGE,
                    incremental),
                "/out");

    Log cold = new Log();
    new ImageBuilder(cold).build(plan.apply(Incremental.YES));
    assertEquals(3, cold.count("| building"), cold.lines.toString());
    Thread.sleep(1100); // the step compares whole seconds
    Files.writeString(text.resolve("two.txt"), "two, changed\n");
    Log incremental = new Log();
    String changed =
        new ImageBuilder(incremental).build(plan.apply(Incremental.YES)).digest().toString();

    assertEquals(
        1, incremental.count("the steps run again on the tree"), incremental.lines.toString());
    assertEquals(
        List.of("| building two.txt"),
        incremental.lines.stream().filter(l -> l.contains("| building")).toList());
    assertEquals(
        changed,
        new ImageBuilder(new Log())
            .build(plan.apply(Incremental.OFF_BY_PROPERTY))
            .digest()
            .toString());
  }

  @Test
  void linkPlantedWherePrunedObjectsReturn_fromScratch_hostUntouched() throws Exception {
    build(Incremental.YES);
    // vendor/libv.a was moved aside; /vendor is now a link to a host directory.
    Path host = Files.createDirectories(project.resolve("host-victim"));
    Files.writeString(host.resolve("note"), "host\n");
    dev.imagesmith.io.HostFiles.deleteTree(stage("vendor"));
    Files.createSymbolicLink(stage("vendor"), host);
    change("a.c", "x +", "x - ");

    Built next = build(Incremental.YES);

    assertEquals("clean", next.build());
    try (var left = Files.list(host)) {
      assertEquals(List.of(host.resolve("note")), left.toList(), "nothing moved into the host");
    }
    assertEquals(build(Incremental.OFF_BY_PROPERTY).digest(), next.digest());
  }

  @Test
  void linkPlantedWherePrunedObjectsWait_fromScratch_hostUntouched() throws Exception {
    build(Incremental.YES);
    // What pruning moved aside now waits in a host directory the kept tree's aside/ leads to.
    Path aside = project.resolve("target/imagesmith-work/default/stage-state/builder.kept/aside");
    Path host = project.resolve("host-victim");
    sh(project, "cp -a '" + aside + "' '" + host + "'");
    List<String> before = listing(host);
    assertTrue(before.contains("vendor/libv.a"), before.toString());
    dev.imagesmith.io.HostFiles.deleteTree(aside);
    Files.createSymbolicLink(aside, host);
    change("a.c", "x +", "x - ");

    Built next = build(Incremental.YES);

    assertEquals("clean", next.build());
    assertTrue(
        next.log().debugLines.stream()
            .anyMatch(line -> line.contains("no kept tree") && line.contains("symbolic link")),
        "the debug log says why: " + next.log().debugLines);
    assertEquals(before, listing(host), "nothing moved out of the host directory");
    assertEquals(build(Incremental.OFF_BY_PROPERTY).digest(), next.digest());
  }

  static List<String> listing(Path directory) throws IOException {
    try (var walk = Files.walk(directory)) {
      return walk.map(path -> directory.relativize(path).toString()).sorted().toList();
    }
  }

  @Test
  void configurationChange_startsFromScratch_butNotACopiedFileChange() throws Exception {
    build(Incremental.YES);
    change("a.c", "x +", "x - ");
    Built changed = build(Incremental.YES);
    assertEquals("incremental", changed.build(), changed.log().debugLines.toString());

    // Without the cache nothing is kept, and the log says why.
    Built uncached = build(Incremental.YES, false);
    assertEquals("clean", uncached.build());
    assertEquals(1, uncached.log().count("incremental, but image.cache=false: from scratch"));

    // A stage that is no longer incremental keeps nothing; back to incremental: from scratch.
    build(Incremental.NO);
    assertFalse(
        Files.exists(project.resolve("target/imagesmith-work/default/stage-state/builder.kept")));
    change("a.c", "x - ", "x + ");
    Built again = build(Incremental.YES);
    assertEquals("clean", again.build());
    assertEquals(4, again.log().count("-c -o"));
  }
}
