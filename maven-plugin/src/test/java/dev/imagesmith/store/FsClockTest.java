package dev.imagesmith.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.store.FileHashes.FsNow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsClockTest {
  @TempDir Path temp;

  @Test
  void keptProbe_followsTheFileSystemClock_throughOneFile_removedOnClose() throws Exception {
    FsClock clock = new FsClock(temp.resolve("memo"));
    FsNow first = clock.probe();
    assertNotNull(first);
    List<Path> probes = probeFiles();
    assertEquals(1, probes.size());
    Object inode = Files.getAttribute(probes.get(0), "unix:ino");

    // A file written after the first probe: a later probe reads a ctime past it (the next
    // tick of the file system's clock at the latest), as a new probe file's would be.
    Path written = Files.writeString(temp.resolve("written"), "after the first probe");
    long writtenCtime = FileHashes.facts(written).ctimeNanos();
    assertTrue(writtenCtime >= first.ctimeNanos(), "the probe read the file system's now");
    FsNow later;
    do {
      later = clock.probe();
    } while (later.ctimeNanos() <= writtenCtime);
    assertEquals(FileHashes.facts(written).dev(), later.dev());

    List<Path> still = probeFiles();
    assertEquals(probes, still, "no new file per probe");
    assertEquals(inode, Files.getAttribute(still.get(0), "unix:ino"));

    clock.close();
    assertEquals(List.of(), probeFiles());
    assertNotNull(clock.probe(), "a probe after close makes another file");
    clock.close();
    assertEquals(List.of(), probeFiles());
  }

  @Test
  void once_leavesNoProbeFile() throws Exception {
    assertNotNull(FsClock.once(temp.resolve("memo")));
    assertEquals(List.of(), probeFiles());
  }

  @Test
  void directoryThatCannotTakeAProbe_null() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
    assertEquals(
        null, new FsClock(file.resolve("memo")).probe(), "falls back to the host clock's margin");
  }

  private List<Path> probeFiles() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".probe")).sorted().toList();
    }
  }
}
