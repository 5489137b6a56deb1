package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.fs.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
  @TempDir Path temp;

  @Test
  void of_countsEachInodeOnceAndSymlinksByTargetLength() throws IOException {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    Path lib = Files.createDirectories(sandbox.hostPath("/usr/lib"));
    Files.write(lib.resolve("libfoo.so.1.2"), new byte[1000]);
    Files.createLink(lib.resolve("libfoo-hardlink.so"), lib.resolve("libfoo.so.1.2"));
    Files.createSymbolicLink(lib.resolve("libfoo.so"), Path.of("libfoo.so.1.2")); // 13 bytes
    Files.write(sandbox.hostPath("/big"), new byte[5000]);
    Files.createSymbolicLink(sandbox.hostPath("/usr/alias"), Path.of("/big")); // 4, not 5000

    assertEquals(1000 + 13, DiskUsage.of(sandbox, "/usr/lib"));
    assertEquals(1000 + 13 + 5000 + 4, DiskUsage.of(sandbox, "/"));
    assertEquals(0, DiskUsage.of(sandbox, "/missing"));
  }
}
