package dev.imagesmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project file linked into a stage is read once after its link and remembered under both names
 * with the facts it has from then on ({@link LinkedHashes}), by the memo's own racy rule.
 */
class LinkedHashesTest {
  @TempDir Path temp;

  private FileHashes hashes;
  private Path source;
  private Path name;

  /** A build's memo, and the project file {@code source} ("bytes") linked in as {@code name}. */
  private void linkSource() throws IOException {
    hashes = FileHashes.load(temp.resolve("work/memo"));
    source = Files.writeString(temp.resolve("source"), "bytes");
    name = temp.resolve("stage-name");
    Files.createLink(name, source);
  }

  @Test
  void linkedJustNow_rememberedAtOnce_afterTheNextClockTick() throws Exception {
    // The file system's clock, as a build's memo reads it: no host-clock margin.
    FileHashes hashes = FileHashes.load(temp.resolve("work/memo"));
    Path source = Files.writeString(temp.resolve("source"), "bytes");
    hashes.hashAll(List.of(source));
    Path name = temp.resolve("stage-name");
    Files.createLink(name, source);
    assertNull(hashes.remembered(source), "the link moved the ctime: the memo's facts are stale");

    hashes.linked().vouch(new LinkedHashes.Link(source, name));
    assertEquals(sha256("bytes"), hashes.remembered(source));
    assertEquals(sha256("bytes"), hashes.remembered(name));
    long read = hashes.filesRead();

    // The next build: nothing to read, under either name.
    hashes.save();
    FileHashes next = FileHashes.load(temp.resolve("work/memo"));
    assertEquals(sha256("bytes"), next.hash(source));
    assertEquals(sha256("bytes"), next.hash(name));
    assertEquals(0, next.filesRead());
    assertEquals(read, hashes.filesRead());
  }

  @Test
  void nameUnlinked_sourceReadAgainByRefresh_keyKnowsItAsItIsNow() throws Exception {
    linkSource();
    hashes.linked().vouchAll(List.of(new LinkedHashes.Link(source, name)));
    assertNotNull(hashes.copiedAll(Map.of(source, FileHashes.facts(source))));

    Files.delete(name); // pruning: the source's ctime moves
    assertNull(
        hashes.copiedAll(Map.of(source, FileHashes.facts(source))),
        "stale facts vouch for nothing");
    hashes.linked().refresh();
    assertEquals(
        Map.of(source, sha256("bytes")),
        hashes.copiedAll(Map.of(source, FileHashes.facts(source))));
    assertEquals(sha256("bytes"), hashes.remembered(source));
  }

  @Test
  void sourceSwappedAfterItsLink_theLinkedBytesNeverAnswerForTheNewFile() throws Exception {
    linkSource();
    // Same size, other bytes, under the project's name: another inode.
    Path other = Files.writeString(temp.resolve("other"), "BYTES");
    Files.move(other, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertEquals(sha256("bytes"), hashes.linked().vouch(new LinkedHashes.Link(source, name)));
    assertEquals(sha256("bytes"), hashes.hash(name));
    assertEquals(sha256("BYTES"), hashes.hash(source));
    assertNull(
        hashes.copiedAll(Map.of(source, FileHashes.facts(source))),
        "the stage key after the copies does not take the project's new file for the copied one");
    hashes.save();
    assertEquals(sha256("BYTES"), FileHashes.load(temp.resolve("work/memo")).hash(source));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
