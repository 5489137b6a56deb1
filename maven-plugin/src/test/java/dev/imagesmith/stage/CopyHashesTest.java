package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.FileChanges;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy step tells the build's hash memo the hash of each copy whose source the memo knew, so
 * the layer's key need not read the stage again: never a hash of other bytes than the copy's.
 */
class CopyHashesTest {
  @TempDir Path temp;
  private Path tree;
  private Sandbox sandbox;
  private FileHashes hashes;

  @BeforeEach
  void setUp() throws IOException {
    tree = Files.createDirectories(temp.resolve("project/tree"));
    sandbox = Sandbox.create(temp.resolve("stage"));
    // No racy margin: what the copy step commits is remembered at once, as an older copy would be.
    hashes = FileHashes.load(temp.resolve("memo"), 0);
  }

  private void copy() throws IOException {
    new CopyStepExecutor(tree.getParent(), hashes)
        .execute(
            (StepSpec.Copy) stage().steps().get(0),
            new StepContext("builder", sandbox, BuildLog.silent()));
  }

  @Test
  void copyOfARememberedSource_isRememberedWithTheSourcesHash() throws Exception {
    Path source = Files.writeString(tree.resolve("lib.so"), "library bytes");
    hashes.hashAll(List.of(source)); // as the stage key does, before the steps run
    copy();
    Path copy = sandbox.hostPath("/app/lib.so");
    assertEquals(sha256("library bytes"), hashes.remembered(copy), "known without reading it");
    assertNotEquals(
        Files.readAttributes(source, "unix:ino"), Files.readAttributes(copy, "unix:ino"));
  }

  @Test
  void sourceChangedSinceItWasHashed_copyNotRememberedWithTheStaleHash() throws Exception {
    Path source = Files.writeString(tree.resolve("lib.so"), "version 1");
    hashes.hashAll(List.of(source));
    // Same size, same mtime: only the ctime tells the memo's record is stale.
    FileChanges.rewriteKeepingMtime(source, "version 2");
    copy();
    Path copy = sandbox.hostPath("/app/lib.so");
    // Read again as it was copied: remembered with the hash of the bytes it holds.
    assertEquals(sha256("version 2"), hashes.remembered(copy));
    assertEquals(sha256("version 2"), hashes.remembered(source));
  }

  @Test
  void symlinkLeavingTheProject_copiedAsTheLink_memoToldNothingOfItsTarget() throws Exception {
    Path victim = Files.writeString(temp.resolve("victim"), "outside the project");
    hashes.hashAll(List.of(victim));
    Files.createSymbolicLink(tree.resolve("out"), victim);
    copy();
    Path link = sandbox.hostPath("/app/out");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(victim.toString(), sandbox.stat("/app/out").orElseThrow().linkTarget());
    assertNull(hashes.remembered(link));
    assertEquals("outside the project", Files.readString(victim));
  }

  @Test
  void hardlinkedSourceChangedInPlaceLater_stageCopyAndItsHashStay() throws Exception {
    Path first = Files.writeString(tree.resolve("a"), "shared bytes");
    Files.createLink(tree.resolve("b"), first);
    hashes.hashAll(List.of(first, tree.resolve("b")));
    copy();
    // An editor writing in place (same inode, same length) after the build.
    Files.writeString(first, "edited bytes", StandardCharsets.UTF_8);
    for (String name : List.of("/app/a", "/app/b")) {
      Path copy = sandbox.hostPath(name);
      assertEquals("shared bytes", Files.readString(copy));
      assertEquals(sha256("shared bytes"), hashes.hash(copy));
    }
    assertEquals(
        Files.getAttribute(sandbox.hostPath("/app/a"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        Files.getAttribute(sandbox.hostPath("/app/b"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        "still one inode in the stage");
  }

  @Test
  void sourceNobodyHashed_hashedAsItIsCopied_sourceAndCopyKnownWithoutAnotherRead()
      throws Exception {
    Path source = Files.writeString(tree.resolve("lib.so"), "library bytes");
    copy(); // no stage key before: a first build's key waits for its copies
    Path copy = sandbox.hostPath("/app/lib.so");
    assertEquals("library bytes", Files.readString(copy));
    assertEquals(sha256("library bytes"), hashes.remembered(copy), "the layer key reads nothing");
    assertEquals(sha256("library bytes"), hashes.remembered(source), "the stage key neither");
    assertEquals(
        StageKey.of(stage(), null, FileHashes.load(null), temp),
        StageKey.ofCopied(stage(), null, java.time.Instant.EPOCH, hashes, temp),
        "the key from the copies' reads is the key from reading the sources");
  }

  @Test
  void hardlinkedSourceNobodyHashed_readOnce_everyNameInTheKey() throws Exception {
    Path first = Files.writeString(tree.resolve("a"), "shared bytes");
    Files.createLink(tree.resolve("b"), first);
    copy();
    assertEquals(sha256("shared bytes"), hashes.remembered(tree.resolve("b")));
    assertEquals(
        StageKey.of(stage(), null, FileHashes.load(null), temp),
        StageKey.ofCopied(stage(), null, java.time.Instant.EPOCH, hashes, temp));
  }

  @Test
  void sourceChangedAfterItWasCopied_noKeyFromTheCopies() throws Exception {
    Path source = Files.writeString(tree.resolve("lib.so"), "version 1");
    copy();
    FileChanges.rewriteKeepingMtime(source, "version 2");
    assertNull(
        StageKey.ofCopied(stage(), null, java.time.Instant.EPOCH, hashes, temp),
        "a key over version 2 would name a stage that holds version 1");
    assertEquals("version 1", Files.readString(sandbox.hostPath("/app/lib.so")));
  }

  @Test
  void racilyNewSource_countsForThisKey_butIsNotRemembered() throws Exception {
    // A margin no file is older than: every source is racily new.
    hashes = FileHashes.load(temp.resolve("memo"), Long.MAX_VALUE / 2);
    Path source = Files.writeString(tree.resolve("lib.so"), "just written");
    copy();
    assertNull(hashes.remembered(source), "the next build reads it again");
    assertEquals(
        StageKey.of(stage(), null, FileHashes.load(null), temp),
        StageKey.ofCopied(stage(), null, java.time.Instant.EPOCH, hashes, temp));
  }

  @Test
  void sourceSwappedForALinkBeforeItIsRead_refusedNamingIt_targetUnread() throws Exception {
    Path victim = Files.writeString(temp.resolve("victim"), "outside the project");
    Path source = Files.writeString(tree.resolve("lib.so"), "library bytes");
    // Swapped between the copy step's lstat and the read (the step copies a link it sees as a
    // link: symlinkLeavingTheProject_...): never read through, nothing remembered of the target.
    FileHashes.Copies copies = hashes.copies();
    Files.delete(source);
    Files.createSymbolicLink(source, victim);
    Path target = temp.resolve("copy");
    assertThrows(IOException.class, () -> copies.copyHashing(source, target));
    assertTrue(Files.notExists(target, LinkOption.NOFOLLOW_LINKS), "no half-written copy");
    assertNull(hashes.remembered(victim));
    assertEquals("outside the project", Files.readString(victim));
  }

  private StageSpec stage() {
    return new StageSpec(
        "app",
        null,
        List.of(new StepSpec.Copy(tree, "/app", "stages/stage[1]/steps/copy[1]")),
        PruneSpec.defaults(),
        "<stage>");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
