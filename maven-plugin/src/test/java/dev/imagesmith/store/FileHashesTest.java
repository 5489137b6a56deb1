package dev.imagesmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesmith.io.FileChanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHashesTest {
  @TempDir Path temp;

  @Test
  void memo_isUsedWhileDeviceInodeSizeMtimeCtimeMatch_andDroppedOnAnyWrite() throws Exception {
    Path file = Files.writeString(temp.resolve("lib.so"), "version 1");
    String real = sha256(Files.readAllBytes(file));
    Path memo = temp.resolve("memo");
    FileHashes first = FileHashes.load(memo, 0);
    assertEquals(real, first.hashAll(List.of(file)).get(file));
    first.save();

    // Falsify the remembered digest (the last 32 bytes of a one-entry memo): while the file's
    // facts are unchanged the memo is believed, which proves it is consulted at all...
    byte[] bytes = Files.readAllBytes(memo);
    bytes[bytes.length - 1] ^= 1;
    Files.write(memo, bytes);
    assertNotEquals(real, FileHashes.load(memo, 0).hashAll(List.of(file)).get(file));

    // ...and any write, even one that restores size and mtime, moves ctime: the file is re-read.
    FileChanges.rewriteKeepingMtime(file, "version 2");
    assertEquals(
        sha256("version 2".getBytes()), FileHashes.load(memo, 0).hashAll(List.of(file)).get(file));
  }

  @Test
  void racilyNewFiles_areHashedButNotRemembered() throws Exception {
    Path file = Files.writeString(temp.resolve("fresh"), "just written");
    // Host-clock margin (no probe): written just now, so within the margin.
    FileHashes hashes = FileHashes.load(temp.resolve("memo"), FileHashes.RACY_MARGIN_NANOS);
    assertEquals(sha256("just written".getBytes()), hashes.hashAll(List.of(file)).get(file));
    assertEquals(0, hashes.size(), "its ctime is within the racy margin of the hashing");
  }

  @Test
  void fileSystemClock_remembersOnlyFilesOlderThanTheProbe() throws Exception {
    Path file = Files.writeString(temp.resolve("fresh"), "just written");
    long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
    long ctime = ctimeNanos(file);
    String expected = sha256("just written".getBytes());

    // Written in the same clock tick as the probe: a later write could keep that ctime.
    FileHashes sameTick = FileHashes.load(temp.resolve("memo"));
    assertEquals(
        expected, sameTick.hashAll(List.of(file), new FileHashes.FsNow(dev, ctime)).get(file));
    assertEquals(0, sameTick.size());

    // Older than the probe: any later write gets another ctime, so it is remembered...
    FileHashes older = FileHashes.load(temp.resolve("memo"));
    assertEquals(
        expected, older.hashAll(List.of(file), new FileHashes.FsNow(dev, ctime + 1)).get(file));
    assertEquals(1, older.size());

    // ...but only on the probe's device; elsewhere the host-clock margin applies.
    FileHashes elsewhere = FileHashes.load(temp.resolve("memo"));
    elsewhere.hashAll(List.of(file), new FileHashes.FsNow(dev + 1, ctime + 1));
    assertEquals(0, elsewhere.size());
  }

  @Test
  void realProbe_remembersAFileWrittenBeforeHashingBegan() throws Exception {
    Path file = Files.writeString(temp.resolve("stage-output"), "written by a step");
    // Wait (without a timed assertion) until the file system's clock has ticked past the file.
    Path tick = temp.resolve("tick");
    do {
      Files.deleteIfExists(tick);
      Files.createFile(tick);
    } while (ctimeNanos(tick) <= ctimeNanos(file));
    Path memo = temp.resolve("memo");
    FileHashes hashes = FileHashes.load(memo);
    hashes.hashAll(List.of(file));
    assertEquals(1, hashes.size(), "an older file is remembered at once, not one build later");
    hashes.save();

    // A write that restores size and mtime moves ctime past the probe's: read again.
    FileChanges.rewriteKeepingMtime(file, "written by a stap");
    assertEquals(
        sha256("written by a stap".getBytes()),
        FileHashes.load(memo).hashAll(List.of(file)).get(file));
    try (var leftovers = Files.list(temp)) {
      assertEquals(0, leftovers.filter(p -> p.toString().endsWith(".probe")).count());
    }
  }

  @Test
  void hashOfARememberedFile_makesNoProbe() throws Exception {
    Path file = Files.writeString(temp.resolve("in-the-image"), "hashed once");
    Path memoDirectory = Files.createDirectories(temp.resolve("work"));
    waitForTick(memoDirectory, file);
    FileHashes hashes = FileHashes.load(memoDirectory.resolve("memo"));
    hashes.hashAll(List.of(file));
    assertEquals(1, hashes.size());
    // A probe file made and removed in the memo's directory moves that directory's mtime: a
    // caller hashing thousands of remembered files one by one (the SBOM) must not pay for one each.
    waitForTick(temp, memoDirectory);
    Object before = Files.getAttribute(memoDirectory, "unix:ctime");
    assertEquals(sha256("hashed once".getBytes()), hashes.hash(file));
    assertEquals(before, Files.getAttribute(memoDirectory, "unix:ctime"), "no probe file made");
  }

  @Test
  void copies_rememberedWhenOlderThanTheCommitsProbe_andReadAgainOnceChanged() throws Exception {
    Path copy = Files.writeString(temp.resolve("copy"), "copied bytes");
    Path racy = Files.writeString(temp.resolve("racy"), "copied bytes");
    String hash = sha256("copied bytes".getBytes());
    Path memo = temp.resolve("memo");
    FileHashes hashes = FileHashes.load(memo);
    FileHashes.Copies copies = hashes.copies();
    copies.add(copy, hash);
    waitForTick(temp, copy);
    copies.commit();
    assertEquals(hash, hashes.remembered(copy), "known without reading it");

    // A write after the commit (a later step) moves ctime past the probe's: read again.
    FileChanges.rewriteKeepingMtime(copy, "changed bytes");
    assertEquals(null, hashes.remembered(copy));
    assertEquals(sha256("changed bytes".getBytes()), hashes.hash(copy));

    // A copy made in the probe's own clock tick could still change unseen: not remembered.
    FileHashes fresh = FileHashes.load(memo, FileHashes.RACY_MARGIN_NANOS);
    FileHashes.Copies withMargin = fresh.copies();
    withMargin.add(racy, sha256("something else".getBytes()));
    withMargin.commit();
    assertEquals(null, fresh.remembered(racy), "within the host clock's racy margin");
  }

  /** Waits (without a timed assertion) until the file system's clock has ticked past {@code of}. */
  private static void waitForTick(Path directory, Path of) throws Exception {
    Path tick = directory.resolve("tick");
    do {
      Files.deleteIfExists(tick);
      Files.createFile(tick);
    } while (ctimeNanos(tick) <= ctimeNanos(of));
    Files.delete(tick);
  }

  private static long ctimeNanos(Path file) throws Exception {
    java.time.Instant instant =
        ((java.nio.file.attribute.FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @Test
  void damagedMemo_isIgnored() throws Exception {
    Path file = Files.writeString(temp.resolve("f"), "content");
    Path memo = Files.writeString(temp.resolve("memo"), "not a memo at all");
    assertEquals(
        sha256("content".getBytes()), FileHashes.load(memo, 0).hashAll(List.of(file)).get(file));
  }

  @Test
  void ownFileRecordedAgainUnchanged_leavesTheMemoFileAlone() throws Exception {
    Path blob = Files.writeString(temp.resolve("blob"), "layer bytes");
    String digest = sha256("layer bytes".getBytes());
    Path memo = temp.resolve("memo");
    FileHashes first = FileHashes.load(memo, 0);
    first.recordOwn(blob, digest);
    first.save();
    Object written = Files.getAttribute(memo, "unix:ino");

    // A rebuild that kept its blobs records the same facts and hash: nothing to write (a memo
    // of a large stage is megabytes, written again on every build before).
    FileHashes again = FileHashes.load(memo, 0);
    again.recordOwn(blob, digest);
    again.save();
    assertEquals(written, Files.getAttribute(memo, "unix:ino"), "the memo was not replaced");

    // A blob replaced since (a new inode) is recorded anew.
    Files.delete(blob);
    Files.writeString(temp.resolve("blob"), "layer bytes");
    FileHashes changed = FileHashes.load(memo, 0);
    changed.recordOwn(blob, digest);
    changed.save();
    assertNotEquals(written, Files.getAttribute(memo, "unix:ino"), "the memo was written");
    assertEquals(digest, FileHashes.load(memo, 0).hash(blob));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
