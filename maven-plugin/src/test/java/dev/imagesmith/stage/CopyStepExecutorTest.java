package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyStepExecutorTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path temp;
  private Path project;
  private Sandbox sandbox;
  private Path victim;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws IOException {
    project = Files.createDirectories(temp.resolve("project"));
    sandbox = Sandbox.create(temp.resolve("stage"));
    // The security-cases.md oracle: a victim tree beside the sandbox that nothing may touch.
    victim = Files.createDirectories(temp.resolve("victim"));
    Files.writeString(victim.resolve("hello"), "victim content");
  }

  private void copy(Path source, String target) throws IOException {
    new CopyStepExecutor(project)
        .execute(
            new StepSpec.Copy(source, target, "stages/stage[1]/steps/copy[1]"),
            new StepContext("builder", sandbox, log));
  }

  private Path host(String imagePath) {
    return sandbox.hostPath(imagePath);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, NOFOLLOW));
  }

  private void assertVictimUntouched() throws IOException {
    try (Stream<Path> entries = Files.list(victim)) {
      assertEquals(List.of(victim.resolve("hello")), entries.toList());
    }
    assertEquals("victim content", Files.readString(victim.resolve("hello")));
    try (Stream<Path> entries = Files.list(temp)) {
      assertEquals(
          List.of("project", "stage", "victim"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void copy_directory_copiesContentsIntoTarget() throws IOException {
    Path src = Files.createDirectories(project.resolve("src/sub"));
    Files.writeString(project.resolve("src/a.txt"), "a");
    Files.writeString(src.resolve("b.txt"), "b");

    copy(project.resolve("src"), "/app");

    assertEquals("a", Files.readString(host("/app/a.txt")));
    assertEquals("b", Files.readString(host("/app/sub/b.txt")));
    assertFalse(Files.exists(host("/app/src")), "the directory itself is not copied");
    assertEquals("rwxr-xr-x", mode(host("/app")), "implied target directory is 0755");
  }

  @Test
  void copy_directoryOntoExistingTree_merges() throws IOException {
    Files.createDirectories(host("/app/keep"));
    Files.writeString(host("/app/keep/old"), "old");
    Files.createDirectories(project.resolve("src/keep"));
    Files.writeString(project.resolve("src/keep/new"), "new");

    copy(project.resolve("src"), "/app/");

    assertEquals("old", Files.readString(host("/app/keep/old")));
    assertEquals("new", Files.readString(host("/app/keep/new")));
  }

  @Test
  void copy_file_toTargetPathOrIntoDirectory() throws IOException {
    Path jar = Files.writeString(project.resolve("app.jar"), "jar");
    Files.createDirectories(host("/existing"));

    copy(jar, "/opt/app/renamed.jar");
    copy(jar, "/existing");
    copy(jar, "/new/dir/");

    assertEquals("jar", Files.readString(host("/opt/app/renamed.jar")));
    assertEquals("jar", Files.readString(host("/existing/app.jar")));
    assertEquals("jar", Files.readString(host("/new/dir/app.jar")));
    assertEquals("rwxr-xr-x", mode(host("/opt")));
    assertEquals("rwxr-xr-x", mode(host("/new/dir")));
  }

  @Test
  void copy_symlinks_keptAsLinksIncludingDangling() throws IOException {
    Path lib = Files.createDirectories(project.resolve("prefix/lib"));
    Files.writeString(lib.resolve("libfoo.so.1.2"), "ELF");
    Files.createSymbolicLink(lib.resolve("libfoo.so.1"), Path.of("libfoo.so.1.2"));
    Files.createSymbolicLink(lib.resolve("dangling"), Path.of("/nonexistent/target"));
    Files.createSymbolicLink(project.resolve("prefix/libdir"), Path.of("lib"));

    copy(project.resolve("prefix"), "/usr/local");

    assertEquals(
        Path.of("libfoo.so.1.2"), Files.readSymbolicLink(host("/usr/local/lib/libfoo.so.1")));
    // The image keeps the target as written; the host holds it relative to the stage root, so
    // that a host shell does not follow it to the host's /nonexistent (H1).
    assertEquals("/nonexistent/target", sandbox.stat("/usr/local/lib/dangling").get().linkTarget());
    assertEquals(
        Path.of("../../../nonexistent/target"),
        Files.readSymbolicLink(host("/usr/local/lib/dangling")));
    assertTrue(Files.isSymbolicLink(host("/usr/local/libdir")), "directory link stays a link");
    assertEquals(
        List.of("/usr/local/libdir"),
        sandbox.walk("/usr/local/libdir").stream().map(SandboxEntry::path).toList(),
        "a symlinked directory is not copied as a second tree");
  }

  @Test
  void copy_hardlinks_stayHardlinked() throws IOException {
    Path bin = Files.createDirectories(project.resolve("tree/bin"));
    Files.writeString(bin.resolve("python3.11"), "interpreter");
    Files.createLink(bin.resolve("python3"), bin.resolve("python3.11"));

    copy(project.resolve("tree"), "/");

    Object first = Files.readAttributes(host("/bin/python3"), "unix:ino").get("ino");
    Object second = Files.readAttributes(host("/bin/python3.11"), "unix:ino").get("ino");
    assertEquals(first, second);
    assertEquals(2, Files.getAttribute(host("/bin/python3"), "unix:nlink"));
  }

  @Test
  void copy_modes_keptFromHostFiles() throws IOException {
    Path dir = Files.createDirectories(project.resolve("tree/private"));
    Path tool = Files.writeString(project.resolve("tree/tool"), "#!/bin/sh\n");
    Path data = Files.writeString(dir.resolve("data"), "x");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--------"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));

    copy(project.resolve("tree"), "/opt");

    assertEquals("rwxr-x---", mode(host("/opt/tool")));
    assertEquals("r--------", mode(host("/opt/private/data")));
    assertEquals("r-x------", mode(host("/opt/private")), "applied after its children");
  }

  @Test
  void copy_setuidBit_keptInOverlayNotOnHostFile() throws IOException {
    Path su = Files.writeString(project.resolve("su"), "x");
    Files.setAttribute(su, "unix:mode", 04755);

    copy(su, "/usr/bin/su");

    assertEquals(04755, sandbox.stat("/usr/bin/su").orElseThrow().mode());
    assertEquals(0755, (Integer) Files.getAttribute(host("/usr/bin/su"), "unix:mode") & 07777);
  }

  @Test
  void copy_missingSource_namesPathAndBasedir() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> copy(project.resolve("missing/dir"), "/app"));
    assertEquals(
        "stages/stage[1]/steps/copy[1]: source "
            + project.resolve("missing/dir")
            + " does not exist (relative paths are resolved against "
            + project
            + ")",
        e.getMessage());
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a guard only: Fifo releases a blocked open
  void U15_sourceIsFifo_refusedNotCopiedIntoTheStage() throws Throwable {
    Path fifo = dev.imagesmith.testkit.Fifo.make(project.resolve("pipe"));
    UserInputException e =
        dev.imagesmith.testkit.Fifo.mustNotBlock(
            fifo, () -> assertThrows(UserInputException.class, () -> copy(fifo, "/pipe")));
    assertEquals(
        "stages/stage[1]/steps/copy[1]: source "
            + fifo
            + " is a named pipe, socket or device; copy a file, a directory or a symlink",
        e.getMessage());
    assertFalse(Files.exists(host("/pipe"), NOFOLLOW), "a FIFO was made in the stage");
  }

  @Test
  void copy_fileOntoExistingDirectory_failsClearly() throws IOException {
    Files.createDirectories(host("/etc/config"));
    Path file = Files.writeString(project.resolve("config"), "x");

    UserInputException e = assertThrows(UserInputException.class, () -> copy(file, "/etc/"));
    assertEquals(
        "stages/stage[1]/steps/copy[1]: cannot replace directory /etc/config in the stage with a"
            + " file; choose a target path that is not a directory",
        e.getMessage());
  }

  @Test
  void P25_targetWithDotDot_clampedInsideRoot() throws IOException {
    Path file = Files.writeString(project.resolve("x"), "inside");

    copy(file, "../../x");
    copy(project, "../../../victim");

    assertEquals("inside", Files.readString(host("/x")));
    assertEquals("inside", Files.readString(host("/victim/x")));
    assertVictimUntouched();
  }

  @Test
  void P25_existingSymlinkAtFileTarget_isReplacedNotWrittenThrough() throws IOException {
    Files.createDirectories(host("/etc"));
    // Host-relative and absolute escapes, as a hostile base image would ship them.
    Files.createSymbolicLink(host("/etc/relative"), Path.of("../../victim/hello"));
    Files.createSymbolicLink(host("/etc/absolute"), victim.resolve("hello"));
    Path config = Files.writeString(project.resolve("config"), "new config");

    copy(config, "/etc/relative");
    copy(config, "/etc/absolute");

    for (String path : List.of("/etc/relative", "/etc/absolute")) {
      assertTrue(Files.isRegularFile(host(path), NOFOLLOW), path + " replaced by a file");
      assertEquals("new config", Files.readString(host(path)));
    }
    assertVictimUntouched();
  }

  @Test
  void P25_existingSymlinkAtDirectoryTarget_isResolvedInsideRoot() throws IOException {
    Files.createDirectories(host("/opt"));
    Files.createDirectories(host("/victim")); // the stage's own /victim, where the link leads
    Files.createSymbolicLink(host("/opt/data"), Path.of("../../victim"));
    Files.createSymbolicLink(host("/opt/abs"), victim.toRealPath());
    Files.createDirectories(project.resolve("tree/opt/data"));
    Files.createDirectories(project.resolve("tree/opt/abs"));
    Files.writeString(project.resolve("tree/opt/data/planted"), "x");
    Files.writeString(project.resolve("tree/opt/abs/planted"), "y");

    copy(project.resolve("tree"), "/");

    // Read with the stage as root, ../../victim is the stage's /victim: merged into it.
    assertEquals("x", Files.readString(host("/victim/planted")));
    assertTrue(Files.isSymbolicLink(host("/opt/data")));
    // The absolute link leads nowhere inside the stage: the link is replaced by a directory.
    assertTrue(Files.isDirectory(host("/opt/abs"), NOFOLLOW));
    assertEquals("y", Files.readString(host("/opt/abs/planted")));
    assertVictimUntouched();
  }

  @Test
  void copy_ontoUsrMergeLink_followsItInsideStage() throws IOException {
    Files.createDirectories(host("/usr/lib"));
    Files.createSymbolicLink(host("/lib"), Path.of("usr/lib"));
    Files.createDirectories(project.resolve("tree/lib"));
    Files.writeString(project.resolve("tree/lib/libx.so"), "x");

    copy(project.resolve("tree"), "/");

    assertTrue(Files.isSymbolicLink(host("/lib")));
    assertEquals("x", Files.readString(host("/usr/lib/libx.so")));
  }

  @Test
  void copy_twoSourcesOntoOneStageFile_lastInWalkOrderWins_asOnOneThread() throws IOException {
    // /lib -> usr/lib in the stage: tree/lib/f and tree/usr/lib/f are one stage file. The walk
    // takes usr before lib (a stack), so lib's copy replaces usr/lib's, as on one thread; the
    // writer threads must not create, or replace, the file out of that order.
    Files.createDirectories(host("/usr/lib"));
    Files.createSymbolicLink(host("/lib"), Path.of("usr/lib"));
    for (String directory : List.of("tree/lib", "tree/usr/lib")) {
      Files.createDirectories(project.resolve(directory));
      for (int i = 0; i < 200; i++) {
        // Large enough that the writers fall behind the walk: the second name comes while the
        // first is still queued.
        Files.writeString(project.resolve(directory + "/f" + i), directory + "x".repeat(1 << 16));
      }
    }

    copy(project.resolve("tree"), "/");

    for (int i = 0; i < 200; i++) {
      assertEquals(
          "tree/lib" + "x".repeat(1 << 16), Files.readString(host("/usr/lib/f" + i)), "f" + i);
    }
    assertVictimUntouched();
  }
}
