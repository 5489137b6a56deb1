package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy step's links ({@link SourceLinks}): a project file becomes a name in the stage, read
 * once after its link and remembered under both names; a source swapped for a symlink after the
 * walk is never linked through; a link that cannot be made is a copy.
 */
class SourceLinksTest {
  @TempDir Path temp;
  private Path tree;
  private Sandbox sandbox;
  private FileHashes hashes;

  @BeforeEach
  void setUp() throws IOException {
    tree = Files.createDirectories(temp.resolve("project/tree"));
    sandbox = Sandbox.create(temp.resolve("stage"));
    hashes = FileHashes.load(temp.resolve("memo"), 0);
  }

  private void linkCopy(Path source, String target) throws IOException {
    new CopyStepExecutor(tree.getParent(), hashes)
        .execute(
            new StepSpec.Copy(source, target, "builder/<copy>"),
            new StepContext("builder", sandbox, BuildLog.silent()),
            true);
  }

  @Test
  void linkedFile_isTheProjectsInode_rememberedUnderBothNames_seenAsACopyMadeNow()
      throws Exception {
    Path source = Files.writeString(tree.resolve("lib.so"), "library bytes");
    Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(0));
    hashes.hashAll(java.util.List.of(source)); // as a stage key before the steps would
    long before = hashes.filesRead();
    long start = java.time.Instant.now().getEpochSecond();
    linkCopy(tree, "/app");
    Path name = sandbox.hostPath("/app/lib.so");
    assertTrue(Files.isSameFile(source, name));
    assertEquals(before + 1, hashes.filesRead(), "read once, after the link");
    // The link moved the source's ctime: both names are known with the facts they have now.
    assertEquals(sha256("library bytes"), hashes.remembered(source));
    assertEquals(sha256("library bytes"), hashes.remembered(name));
    SandboxEntry entry = sandbox.stat("/app/lib.so").orElseThrow();
    assertTrue(entry.mtimeSeconds() >= start, "the copy's mtime, not the project file's");
    assertEquals(0, Files.getLastModifiedTime(source).toMillis(), "the project file's is kept");
  }

  @Test
  void sourceSwappedForASymlink_linkedAsThatLink_neverItsTarget() throws Exception {
    Path victim = Files.writeString(temp.resolve("victim"), "outside the project");
    Path swapped = tree.resolve("swapped");
    Files.createSymbolicLink(swapped, victim);
    // What the walk checked was a file; link(2) sees the symlink that is there now.
    SourceLinks links = SourceLinks.of(sandbox, hashes, BuildLog.silent(), "builder/<copy>");
    Sandbox.Resolved entry = sandbox.resolveEntry("/swapped");
    assertEquals(SourceLinks.Result.SYMLINK, links.link(swapped, entry, null, false));
    links.finish();
    Path host = sandbox.hostPath("/swapped");
    assertTrue(Files.isSymbolicLink(host));
    assertNotEquals(
        Files.getAttribute(victim, "unix:ino"),
        Files.getAttribute(host, "unix:ino", LinkOption.NOFOLLOW_LINKS));
    assertEquals(1, (int) Files.getAttribute(swapped, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
    // Made as the copy step makes every symlink: its host text stays inside the stage.
    assertFalse(Files.readSymbolicLink(host).isAbsolute(), Files.readSymbolicLink(host).toString());
    assertEquals(victim.toString(), sandbox.stat("/swapped").orElseThrow().linkTarget());
    assertTrue(sandbox.borrowed().isEmpty());
  }

  @Test
  void sourceSwappedForAPipe_failsTheStep_nothingLeft() throws Exception {
    Path pipe = tree.resolve("pipe");
    new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor();
    SourceLinks links = SourceLinks.of(sandbox, hashes, BuildLog.silent(), "builder/<copy>");
    Sandbox.Resolved entry = sandbox.resolveEntry("/pipe");
    UserInputException e =
        assertThrows(UserInputException.class, () -> links.link(pipe, entry, null, false));
    assertTrue(e.getMessage().contains("stopped being a regular file"), e.getMessage());
    assertFalse(Files.exists(sandbox.hostPath("/pipe"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void linkImpossible_otherFileSystem_fileIsCopied() throws Exception {
    Path shm = Path.of("/dev/shm");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm));
    Path elsewhere = Files.createTempDirectory(shm, "imagesmith-links-");
    try {
      Path source = Files.writeString(elsewhere.resolve("data"), "on tmpfs");
      assertNotEquals(
          Files.getAttribute(source, "unix:dev"), Files.getAttribute(sandbox.root(), "unix:dev"));
      linkCopy(elsewhere, "/app");
      Path copy = sandbox.hostPath("/app/data");
      assertEquals("on tmpfs", Files.readString(copy));
      assertFalse(Files.isSameFile(source, copy));
      assertTrue(sandbox.borrowed().isEmpty());
    } finally {
      dev.imagesmith.io.HostFiles.deleteTree(elsewhere);
    }
  }

  @Test
  void hardlinkedSourcePair_staysOnePair_singleFilesStayApart() throws Exception {
    Path a = Files.writeString(tree.resolve("a"), "pair");
    Files.createLink(tree.resolve("b"), a);
    Files.writeString(tree.resolve("c"), "pair"); // same bytes, another file
    linkCopy(tree, "/app");
    SandboxEntry first = sandbox.stat("/app/a").orElseThrow();
    SandboxEntry second = sandbox.stat("/app/b").orElseThrow();
    SandboxEntry other = sandbox.stat("/app/c").orElseThrow();
    assertEquals(first.fileKey(), second.fileKey());
    assertNotEquals(first.fileKey(), other.fileKey());
    assertEquals(sha256("pair"), hashes.remembered(tree.resolve("b")), "both names vouched");
    assertEquals(sha256("pair"), hashes.remembered(sandbox.hostPath("/app/b")));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
