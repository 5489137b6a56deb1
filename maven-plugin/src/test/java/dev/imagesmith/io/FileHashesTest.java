package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
    FileHashes hashes = FileHashes.load(temp.resolve("memo"));
    assertEquals(sha256("just written".getBytes()), hashes.hashAll(List.of(file)).get(file));
    assertEquals(0, hashes.size(), "its ctime is within the racy margin of the hashing");
  }

  @Test
  void damagedMemo_isIgnored() throws Exception {
    Path file = Files.writeString(temp.resolve("f"), "content");
    Path memo = Files.writeString(temp.resolve("memo"), "not a memo at all");
    assertEquals(
        sha256("content".getBytes()), FileHashes.load(memo, 0).hashAll(List.of(file)).get(file));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
