package dev.imagesmith.libcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.testkit.NativeBuild;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library check's hints on images of real gcc output: never a path the image already has, the
 * search path when the image has the library elsewhere, a layer only where the loader looks, the
 * JVM's own libjvm.so recognised, and a package for what no stage has.
 */
class LibraryHintsTest {
  @TempDir Path dir;
  private NativeBuild build;

  @BeforeEach
  void compile() throws Exception {
    Assumptions.assumeTrue(NativeBuild.available(), "needs gcc and x86-64 glibc");
    build = new NativeBuild(Files.createDirectories(dir.resolve("src")));
  }

  /** A stub libjvm.so and a libjava.so that needs it, as a JDK's lib directory has them. */
  private TestTar jre(String jvmDirectory) throws Exception {
    Path jvm =
        build.compile(
            "libjvm.so",
            "int JVM_Stub(void) { return 1; }\n",
            "-shared",
            "-fPIC",
            "-Wl,-soname,libjvm.so");
    Path java =
        build.compile(
            "libjava.so",
            "int JVM_Stub(void);\nint java_stub(void) { return JVM_Stub(); }\n",
            "-shared",
            "-fPIC",
            "-L.",
            "-ljvm",
            "-Wl,-rpath,$ORIGIN");
    return TestTar.tar()
        .dir("opt/")
        .dir("opt/jre/")
        .dir("opt/jre/lib/")
        .program("opt/jre/lib/libjava.so", java)
        .dir("opt/jre/lib/" + jvmDirectory + "/")
        .program("opt/jre/lib/" + jvmDirectory + "/libjvm.so", jvm);
  }

  /** A program /opt/app/bin/tool needing libgreet.so.1 without a RUNPATH, and that library. */
  private TestTar app() throws Exception {
    return TestTar.tar()
        .dir("opt/")
        .dir("opt/app/")
        .dir("opt/app/bin/")
        .program("opt/app/bin/tool", build.program("tool", null))
        .dir("opt/app/lib/")
        .program("opt/app/lib/libgreet.so.1", build.library());
  }

  private StageFiles.Root stage(String name, Map<String, Path> files) throws Exception {
    Path root = dir.resolve("stage-" + name);
    for (var file : files.entrySet()) {
      Path target = root.resolve(file.getKey().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(file.getValue(), target);
    }
    return new StageFiles.Root(name, Sandbox.create(root));
  }

  private LibraryCheckResult check(
      ImageInspection image, ImageEnvironment env, List<StageFiles.Root> stages, PackageLookup p) {
    Hints hints = new Hints(image.tree(), env, new StageFiles(stages), p);
    return new LibraryCheck(image, env, IgnorePatterns.none(), IgnorePatterns.none(), hints).run();
  }

  @Test
  void jreTree_libjvmOfItsServerDirectory_isFoundAsTheLauncherLoadsIt() throws Exception {
    ImageInspection image = InspectedImages.inspect(dir, InspectedImages.runtime(), jre("server"));
    LibraryCheckResult result =
        check(image, ImageEnvironment.defaults(), List.of(), PackageLookup.NONE);
    assertTrue(result.passed(), result.missing().toString());
    assertEquals(2, result.checkedFiles());
  }

  @Test
  void libjvmElsewhere_namesThePathTheImageHasAndTheIgnoreForAJvm() throws Exception {
    // The case: the library is in the image (and in the stage, at the same path), only
    // not where the loader looks. The old hint said "add <layer>...<path>DIR" for that very path.
    ImageInspection image = InspectedImages.inspect(dir, InspectedImages.runtime(), jre("custom"));
    Path jvm = dir.resolve("src/libjvm.so");
    StageFiles.Root jreStage = stage("jre", Map.of("/opt/jre/lib/custom/libjvm.so", jvm));
    LibraryCheckResult result =
        check(image, ImageEnvironment.defaults(), List.of(jreStage), PackageLookup.NONE);
    assertEquals(1, result.missing().size(), result.missing().toString());
    String hint = result.missing().get(0).suggestion();
    assertEquals(
        "the image has /opt/jre/lib/custom/libjvm.so, but the loader does not look in"
            + " /opt/jre/lib/custom for /opt/jre/lib/libjava.so: set"
            + " <LD_LIBRARY_PATH>/opt/jre/lib/custom</LD_LIBRARY_PATH> in <container><environment>,"
            + " or link /opt/jre/lib/libjava.so with the RUNPATH $ORIGIN/custom; if"
            + " /opt/jre/lib/libjava.so is part of a JVM, its java launcher loads libjvm.so by its"
            + " full path first: list libjvm.so under <ignoreMissingLibraries>",
        hint);
    assertFalse(hint.contains("<layer>"), "never a layer for a path the image has: " + hint);
  }

  @Test
  void libraryInTheImageOffThePath_followingTheHintPasses() throws Exception {
    ImageInspection image = InspectedImages.inspect(dir, InspectedImages.runtime(), app());
    StageFiles.Root appStage =
        stage("app", Map.of("/opt/app/lib/libgreet.so.1", dir.resolve("src/libgreet.so.1")));
    LibraryCheckResult result =
        check(image, ImageEnvironment.defaults(), List.of(appStage), PackageLookup.NONE);
    assertEquals(1, result.missing().size(), result.missing().toString());
    assertEquals(
        "/opt/app/bin/tool needs libgreet.so.1 (searched /lib/x86_64-linux-gnu:"
            + "/usr/lib/x86_64-linux-gnu:/lib64:/usr/lib64:/lib:/usr/lib); the image has"
            + " /opt/app/lib/libgreet.so.1, but the loader does not look in /opt/app/lib for"
            + " /opt/app/bin/tool: set <LD_LIBRARY_PATH>/opt/app/lib</LD_LIBRARY_PATH> in"
            + " <container><environment>, or link /opt/app/bin/tool with the RUNPATH"
            + " $ORIGIN/../lib",
        result.missing().get(0).describe());

    ImageEnvironment fixed =
        ImageEnvironment.of(List.of("LD_LIBRARY_PATH=/opt/app/lib"), null, null);
    assertTrue(check(image, fixed, List.of(appStage), PackageLookup.NONE).passed());
  }

  @Test
  void stageHasItOffThePath_layerAndLibraryPathBoth() throws Exception {
    TestTar tool =
        TestTar.tar()
            .dir("opt/")
            .dir("opt/app/")
            .dir("opt/app/bin/")
            .program("opt/app/bin/tool", build.program("tool", null));
    ImageInspection image = InspectedImages.inspect(dir, InspectedImages.runtime(), tool);
    StageFiles.Root other =
        stage("other", Map.of("/opt/other/libgreet.so.1", dir.resolve("src/libgreet.so.1")));
    LibraryCheckResult result =
        check(image, ImageEnvironment.defaults(), List.of(other), PackageLookup.NONE);
    assertEquals(
        "stage 'other' has /opt/other/libgreet.so.1, where the loader does not look for"
            + " /opt/app/bin/tool: add <layer><stage>other</stage><path>/opt/other</path></layer>"
            + " and set <LD_LIBRARY_PATH>/opt/other</LD_LIBRARY_PATH> in <container><environment>",
        result.missing().get(0).suggestion());
  }

  @Test
  void noStageHasIt_namesThePackageThatShipsItWhereTheLoaderLooks() throws Exception {
    TestTar tool =
        TestTar.tar()
            .dir("opt/")
            .dir("opt/app/")
            .dir("opt/app/bin/")
            .program("opt/app/bin/tool", build.program("tool", null))
            .program("opt/app/bin/tool2", build.program("tool2", null));
    ImageInspection image = InspectedImages.inspect(dir, InspectedImages.runtime(), tool);
    List<Set<String>> asked = new ArrayList<>();
    PackageLookup contents =
        names -> {
          asked.add(names);
          return new PackageLookup.Answer(
              Map.of(
                  "libgreet.so.1",
                  List.of(
                      new PackageLookup.Shipped(
                          "/usr/lib/debug/libgreet.so.1", List.of("libgreet1-dbg")),
                      new PackageLookup.Shipped(
                          "/usr/lib/x86_64-linux-gnu/libgreet.so.1", List.of("libgreet1")))),
              "Debian bookworm main amd64",
              null);
        };
    LibraryCheckResult result = check(image, ImageEnvironment.defaults(), List.of(), contents);
    assertEquals(2, result.missing().size());
    assertEquals(List.of(Set.of("libgreet.so.1")), asked, "one lookup for every miss");
    assertEquals(
        "no stage has it; the package libgreet1 ships /usr/lib/x86_64-linux-gnu/libgreet.so.1"
            + " (Debian bookworm main amd64): install it with a <debian> step in a stage that a"
            + " <layer> puts into the image",
        result.missing().get(0).suggestion());

    PackageLookup offline =
        names -> PackageLookup.Answer.unavailable("Debian bookworm main amd64", "Maven is offline");
    assertEquals(
        "no stage has it, and the package that ships it could not be looked up in Debian bookworm"
            + " main amd64: Maven is offline",
        check(image, ImageEnvironment.defaults(), List.of(), offline)
            .missing()
            .get(0)
            .suggestion());
  }

  @Test
  void origin_isRelativeToTheFilesDirectory() {
    assertEquals("$ORIGIN/../lib", Hints.origin("/opt/app/bin", "/opt/app/lib"));
    assertEquals("$ORIGIN", Hints.origin("/opt/app/lib", "/opt/app/lib"));
    assertEquals("$ORIGIN/server", Hints.origin("/opt/jre/lib", "/opt/jre/lib/server"));
    assertEquals("$ORIGIN/../../../usr/lib", Hints.origin("/opt/a/b", "/usr/lib"));
  }
}
