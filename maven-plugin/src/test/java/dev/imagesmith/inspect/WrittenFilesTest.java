package dev.imagesmith.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's facts from the head the layer writer handed over are the facts read from the file
 * itself: ELF identification and {@code #!} line alike, for files shorter and longer than what
 * either reads, and the file is not opened for them (it is gone when they are taken); a hash a
 * layer's key took is answered before the memo is asked.
 */
class WrittenFilesTest {
  @TempDir Path dir;

  private static final FileFacts.Hasher HASHER = file -> "ab".repeat(32);

  private static byte[] elfHeader() {
    byte[] elf = new byte[120];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    elf[4] = 2; // 64-bit
    elf[5] = 1; // little-endian
    elf[6] = 1;
    elf[16] = 1; // ET_REL: not loadable, so no ELF view is read
    elf[18] = 62; // x86-64
    return elf;
  }

  private static Map<String, byte[]> contents() {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    contents.put("empty", new byte[0]);
    contents.put("short", "ab".getBytes(StandardCharsets.UTF_8));
    contents.put("short script", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    contents.put("64-byte script", ("#!/bin/sh " + "x".repeat(53) + "\n").getBytes());
    contents.put(
        "long script line",
        ("#!/usr/bin/env " + "y".repeat(400) + "\necho\n").getBytes(StandardCharsets.UTF_8));
    contents.put("long text", "z".repeat(5000).getBytes(StandardCharsets.UTF_8));
    contents.put("elf", elfHeader());
    return contents;
  }

  @Test
  void factsFromTheHeadAreTheFactsFromTheFile() throws Exception {
    for (Map.Entry<String, byte[]> content : contents().entrySet()) {
      Path file = dir.resolve(content.getKey().replace(' ', '-'));
      Files.write(file, content.getValue());
      byte[] prefix =
          Arrays.copyOf(
              content.getValue(), Math.min(content.getValue().length, WrittenFiles.HEAD_BYTES));
      WrittenFiles heads = new WrittenFiles();
      heads.putHead(file, prefix);
      FileFacts.Wanted wanted = new FileFacts.Wanted(true, false);

      FileFacts read = FileFacts.read(file, wanted, HASHER);
      Files.delete(file); // from the head alone: nothing is opened
      FileFacts known = FileFacts.read(file, wanted, HASHER, heads.head(file));

      assertEquals(read, known, content.getKey());
    }
  }

  @Test
  void aScriptsLineAndAnElfFileAreToldFromTheirHeads() throws Exception {
    WrittenFiles heads = new WrittenFiles();
    Path script = dir.resolve("script");
    heads.putHead(script, "#!/bin/sh -e\nexit 0\n".getBytes(StandardCharsets.UTF_8));
    Path elf = dir.resolve("elf");
    heads.putHead(elf, Arrays.copyOf(elfHeader(), WrittenFiles.HEAD_BYTES));
    FileFacts.Wanted wanted = new FileFacts.Wanted(true, false);

    assertEquals(
        "/bin/sh -e", FileFacts.read(script, wanted, HASHER, heads.head(script)).shebang());
    FileFacts elfFacts = FileFacts.read(elf, wanted, HASHER, heads.head(elf));
    assertNotNull(elfFacts.elf());
    assertNull(elfFacts.shebang());
  }

  @Test
  void aFileNoWriterReadHasNoHead() {
    assertNull(new WrittenFiles().head(dir.resolve("unknown")));
  }

  @Test
  void aHashALayersKeyTookIsAnsweredFirst_otherFilesAskTheFallback() throws Exception {
    WrittenFiles written = new WrittenFiles();
    Path keyed = dir.resolve("keyed");
    written.putSha256(Map.of(keyed, "11".repeat(32)));
    FileFacts.Hasher hasher = written.or(file -> "22".repeat(32));

    assertEquals("11".repeat(32), hasher.sha256(keyed));
    assertEquals("22".repeat(32), hasher.sha256(dir.resolve("other")));
  }
}
