package dev.imagesmith.libcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.ImageInspector;
import dev.imagesmith.inspect.LayerInput;
import dev.imagesmith.testkit.NativeBuild;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-library check on images made of real gcc output and the host's glibc: a program with
 * RUNPATH $ORIGIN/../lib and its library, with and without the C runtime.
 */
class LibraryCheckTest {
  @TempDir Path dir;
  private NativeBuild build;

  @BeforeEach
  void compile() throws Exception {
    Assumptions.assumeTrue(NativeBuild.available(), "needs gcc and x86-64 glibc");
    Path src = Files.createDirectories(dir.resolve("src"));
    build = new NativeBuild(src);
  }

  /** The C runtime as Debian lays it out, in the base layer. */
  private static TestTar runtime() {
    return new TestTar()
        .dir("lib/")
        .dir("lib/x86_64-linux-gnu/")
        .copy("lib/x86_64-linux-gnu/libc.so.6", NativeBuild.HOST_LIBC)
        .dir("lib64/")
        .copy("lib64/ld-linux-x86-64.so.2", NativeBuild.HOST_LOADER);
  }

  private TestTar app(String rpath) throws Exception {
    return new TestTar()
        .dir("install/")
        .dir("install/bin/")
        .copy("install/bin/hello", build.program("hello", rpath))
        .dir("install/lib/")
        .copy("install/lib/libgreet.so.1", build.library());
  }

  private LibraryCheckResult check(IgnorePatterns ignore, TestTar base, TestTar... added)
      throws Exception {
    List<LayerInput> layers = new ArrayList<>();
    layers.add(new LayerInput("base", false, base::open));
    for (int i = 0; i < added.length; i++) {
      layers.add(new LayerInput("added " + i, true, added[i]::open));
    }
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    ImageInspection image = ImageInspector.inspect(layers, scratch);
    try (var left = Files.list(scratch)) {
      assertEquals(0, left.count(), "ELF copies are removed");
    }
    ImageEnvironment env = ImageEnvironment.defaults();
    Hints hints =
        new Hints(image.tree(), env, new StageFiles(List.of(runtimeStage())), PackageLookup.NONE);
    return new LibraryCheck(image, env, ignore, IgnorePatterns.none(), hints).run();
  }

  /** A stage 'runtime' with the host's C runtime, for the hints. */
  private StageFiles.Root runtimeStage() throws Exception {
    Path root = dir.resolve("runtime-stage");
    if (!Files.exists(root)) {
      Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
      Files.copy(NativeBuild.HOST_LIBC, root.resolve("lib/x86_64-linux-gnu/libc.so.6"));
      Files.createDirectories(root.resolve("lib64"));
      Files.copy(NativeBuild.HOST_LOADER, root.resolve("lib64/ld-linux-x86-64.so.2"));
    }
    return new StageFiles.Root("runtime", Sandbox.create(root));
  }

  @Test
  void run_originRunpathAndRuntime_passes() throws Exception {
    LibraryCheckResult result = check(IgnorePatterns.none(), runtime(), app("$ORIGIN/../lib"));
    assertTrue(result.passed(), result.missing().toString());
    assertEquals(2, result.checkedFiles()); // hello and libgreet; the base's libc is not checked
  }

  @Test
  void run_withoutRuntime_reportsLibcAndInterpreterWithSuggestion() throws Exception {
    LibraryCheckResult result =
        check(IgnorePatterns.none(), new TestTar().dir("etc/"), app("$ORIGIN/../lib"));
    List<String> missing =
        result.missing().stream().map(m -> m.file() + " -> " + m.library()).toList();
    assertEquals(
        List.of(
            "/install/bin/hello -> /lib64/ld-linux-x86-64.so.2",
            "/install/bin/hello -> libc.so.6",
            "/install/lib/libgreet.so.1 -> libc.so.6"),
        missing);
    MissingLibrary libc = result.missing().get(1);
    assertEquals(
        "stage 'runtime' has /lib/x86_64-linux-gnu/libc.so.6: add"
            + " <layer><stage>runtime</stage><path>/lib/x86_64-linux-gnu</path></layer>",
        libc.suggestion());
    assertEquals(
        "stage 'runtime' has /lib64/ld-linux-x86-64.so.2: add"
            + " <layer><stage>runtime</stage><path>/lib64</path></layer>",
        result.missing().get(0).suggestion());
    assertEquals("/install/lib", libc.searched().get(0), "$ORIGIN/../lib expanded first");
    assertTrue(libc.searched().contains("/lib/x86_64-linux-gnu"), libc.searched().toString());
    assertTrue(result.missing().get(0).interpreter());
  }

  @Test
  void run_noRunpath_missesTheLibraryBesideIt() throws Exception {
    LibraryCheckResult result = check(IgnorePatterns.none(), runtime(), app(null));
    assertEquals(1, result.missing().size(), result.missing().toString());
    assertEquals("libgreet.so.1", result.missing().get(0).library());
  }

  @Test
  void run_ldSoConfInclude_findsTheLibrary() throws Exception {
    TestTar base =
        runtime()
            .dir("etc/")
            .file("etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n")
            .dir("etc/ld.so.conf.d/")
            .file("etc/ld.so.conf.d/app.conf", "/install/lib\n");
    assertTrue(check(IgnorePatterns.none(), base, app(null)).passed());
  }

  @Test
  void run_symlinkedDirectoriesAndSonameLinks_resolveInRoot() throws Exception {
    // Merged /usr: /lib -> usr/lib, and libc.so.6 -> libc-2.36.so inside it.
    TestTar base =
        new TestTar()
            .dir("usr/")
            .dir("usr/lib/")
            .dir("usr/lib/x86_64-linux-gnu/")
            .copy("usr/lib/x86_64-linux-gnu/libc-2.36.so", NativeBuild.HOST_LIBC)
            .symlink("usr/lib/x86_64-linux-gnu/libc.so.6", "libc-2.36.so")
            .symlink("lib", "usr/lib")
            .dir("usr/lib64/")
            .copy("usr/lib64/ld-linux-x86-64.so.2", NativeBuild.HOST_LOADER)
            .symlink("lib64", "/usr/lib64");
    assertTrue(check(IgnorePatterns.none(), base, app("$ORIGIN/../lib")).passed());
  }

  @Test
  void run_candidateOfAnotherClass_isSkippedLikeTheLoaderSkipsIt() throws Exception {
    byte[] elf32 = new byte[64];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1}, 0, elf32, 0, 7);
    elf32[16] = ElfIdent.ET_DYN;
    elf32[18] = 3; // x86, 32-bit
    TestTar base =
        runtime()
            .dir("install/")
            .dir("install/lib/")
            .file("install/lib/libgreet.so.1", elf32); // overwritten below by the real one?
    TestTar added =
        new TestTar()
            .dir("install/")
            .dir("install/bin/")
            .copy("install/bin/hello", build.program("hello", "$ORIGIN/../lib"));
    LibraryCheckResult result = check(IgnorePatterns.none(), base, added);
    assertEquals(1, result.missing().size(), result.missing().toString());
    assertEquals("libgreet.so.1", result.missing().get(0).library());
  }

  @Test
  void run_whiteoutInALaterLayer_removesTheLibrary() throws Exception {
    TestTar deleting = new TestTar().dir("lib/").dir("lib/x86_64-linux-gnu/");
    deleting.whiteout("lib/x86_64-linux-gnu/libc.so.6");
    LibraryCheckResult result =
        check(IgnorePatterns.none(), runtime(), app("$ORIGIN/../lib"), deleting);
    assertEquals(2, result.missing().size(), result.missing().toString());
  }

  @Test
  void run_staticProgram_passesWithoutAnyRuntime() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libc.a")), "needs libc.a (libc6-dev)");
    TestTar added = new TestTar().dir("app/").copy("app/static", build.staticProgram());
    LibraryCheckResult result = check(IgnorePatterns.none(), new TestTar().dir("etc/"), added);
    assertTrue(result.passed());
    assertEquals(1, result.checkedFiles());
  }

  @Test
  void run_ignorePatterns_letNamedLibrariesAndFilesPass() throws Exception {
    IgnorePatterns ignore =
        IgnorePatterns.parse(List.of("libc.so.*", "/install/bin/**"), "<ignoreMissingLibraries>");
    LibraryCheckResult result = check(ignore, new TestTar().dir("etc/"), app("$ORIGIN/../lib"));
    assertTrue(result.passed(), result.missing().toString());
    assertEquals(3, result.ignored().size());
  }

  @Test
  void parse_badPathGlob_namesTheItem() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> IgnorePatterns.parse(List.of("ok.so", "/a/../b"), "<ignoreMissingLibraries>"));
    assertTrue(
        e.getMessage().startsWith("<ignoreMissingLibraries>/<ignoreMissingLibrary>[2]"),
        e.getMessage());
  }

  @Test
  void expand_originLibAndBraces() {
    ElfIdent x8664 = new ElfIdent(true, true, ElfIdent.ET_DYN, 62);
    assertEquals(
        List.of("/opt/app/bin/../lib"),
        LibraryCheck.expand("${ORIGIN}/../lib", "/opt/app/bin", x8664));
    assertEquals(
        List.of("/opt/lib64", "/opt/lib", "/opt/lib/x86_64-linux-gnu"),
        LibraryCheck.expand("/opt/$LIB", "/x", x8664));
  }
}
