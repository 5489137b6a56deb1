package dev.imagesmith.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's {@code #!} line is kept as the kernel reads it (at most 256 bytes), from a layer's tar
 * and from a host file alike, without changing the content hash, and it survives the base index
 * cache.
 */
class FileFactsShebangTest {
  @TempDir Path dir;

  private static FileFacts read(String content) throws Exception {
    return FileFacts.read(
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        new FileFacts.Wanted(false, false),
        null);
  }

  private static String sha256(String content) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shebang_firstLineOnly_hashOfTheWholeContent() throws Exception {
    String script = "#!/usr/bin/env perl -w\nprint 1;\n" + "x".repeat(5000);
    FileFacts facts = read(script);
    assertEquals("/usr/bin/env perl -w", facts.shebang());
    assertEquals(sha256(script), facts.sha256());
    assertEquals("/bin/sh", read("#!/bin/sh").shebang(), "no newline, short file");
    assertNull(read("echo no interpreter\n").shebang());
    assertNull(read("#").shebang());
  }

  @Test
  void shebang_cutAtTheKernelsBuffer() throws Exception {
    String longName = "/" + "d".repeat(300) + "/perl";
    FileFacts facts = read("#!" + longName + "\n");
    assertEquals(FileFacts.SHEBANG_BYTES - 2, facts.shebang().length());
    assertEquals(longName.substring(0, FileFacts.SHEBANG_BYTES - 2), facts.shebang());
  }

  @Test
  void shebang_fromAHostFile_withAndWithoutTheHasher() throws Exception {
    Path file = dir.resolve("run.sh");
    Files.writeString(file, "#! /bin/sh -e\n" + "y".repeat(100));
    FileFacts.Wanted wanted = new FileFacts.Wanted(true, false);
    assertEquals(" /bin/sh -e", FileFacts.read(file, wanted, null).shebang());
    assertEquals(" /bin/sh -e", FileFacts.read(file, wanted, f -> "00".repeat(32)).shebang());
  }

  @Test
  void shebang_survivesTheBaseIndexCodec() throws Exception {
    ImageInspector inspector = new ImageInspector(null);
    TestTar base = TestTar.tar().dir("app/").file("app/run", "#!/bin/bash\necho\n", 0100755);
    inspector.addTar(base.open(), "base", false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InspectorCodec.write(new DataOutputStream(bytes), inspector);
    ImageInspector again =
        InspectorCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    ImageFile run = again.inspection(null).tree().get("/app/run").orElseThrow();
    assertEquals("/bin/bash", run.shebang());
  }
}
