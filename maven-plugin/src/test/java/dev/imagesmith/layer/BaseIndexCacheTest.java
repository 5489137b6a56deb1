package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.testkit.TestTar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseIndexCacheTest {
  private static final List<String> BASE =
      List.of("sha256:" + "a".repeat(64) + " sha256:" + "b".repeat(64));

  @TempDir Path cache;

  @Test
  void storedIndex_comesBackEntryForEntry() throws IOException {
    LowerIndex index = sample();
    BaseIndexCache indexes = new BaseIndexCache(cache);
    indexes.store(BASE, index, List.of(10240L));

    BaseIndexCache.Hit hit = indexes.load(BASE).orElseThrow();
    assertEquals(List.copyOf(index.entries()), List.copyOf(hit.index().entries()));
    assertEquals(List.of(10240L), hit.uncompressedSizes());
    // It answers as the index read from the tar did: through the symlink, the sticky directory.
    assertEquals(01777, hit.index().lookup("/tmp").orElseThrow().mode());
    assertEquals(
        index.lookup("/lib64/libc.so.6").orElseThrow(),
        hit.index().lookup("/lib64/libc.so.6").orElseThrow());
  }

  @Test
  void storedIndex_givesTheInspectionOfTheLayersItWasReadFrom() throws IOException {
    byte[] elf = new byte[64];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, elf, 0, 7);
    elf[16] = 3; // a shared object
    elf[18] = 62; // x86-64
    java.util.function.Supplier<List<java.io.InputStream>> layers =
        () ->
            List.of(
                new dev.imagesmith.testkit.TestTar()
                    .dir("etc/")
                    .file("etc/ld.so.conf", "/opt/lib\n")
                    .dir("lib/")
                    .file("lib/libc.so.6", elf)
                    .file("lib/old", "replaced below")
                    .open(),
                new dev.imagesmith.testkit.TestTar()
                    .dir("lib/")
                    .file("lib/old", "new")
                    .hardlink("lib/libc-again.so", "lib/libc.so.6")
                    .open());
    LowerIndex read = LowerIndex.fromLayers(layers.get());
    BaseIndexCache indexes = new BaseIndexCache(cache);
    indexes.store(BASE, read, List.of(3L));

    var expected = read.layers().inspection(null);
    var loaded = indexes.load(BASE).orElseThrow().index().layers().inspection(null);
    assertEquals(List.copyOf(expected.tree().all()), List.copyOf(loaded.tree().all()));
    assertEquals("/opt/lib\n", loaded.tree().get("/etc/ld.so.conf").orElseThrow().loaderConfig());
    assertEquals(62, loaded.tree().get("/lib/libc-again.so").orElseThrow().elf().machine());
    assertEquals(expected.layers(), loaded.layers());
    assertEquals(
        expected.hidden().stream().map(h -> h.file().path() + " " + h.how()).toList(),
        loaded.hidden().stream().map(h -> h.file().path() + " " + h.how()).toList());
    assertEquals(1, loaded.hidden().size());
  }

  @Test
  void anotherBase_isAMiss() throws IOException {
    BaseIndexCache indexes = new BaseIndexCache(cache);
    indexes.store(BASE, sample(), List.of(1L));
    assertTrue(indexes.load(List.of(BASE.get(0).replace('b', 'c'))).isEmpty());
    assertTrue(indexes.load(List.of(BASE.get(0), BASE.get(0))).isEmpty());
  }

  @Test
  void damagedOrTruncatedFile_isAMissAndIsRewritten() throws IOException {
    BaseIndexCache indexes = new BaseIndexCache(cache);
    indexes.store(BASE, sample(), List.of(1L));
    Path file;
    try (var files = Files.list(cache)) {
      file = files.findFirst().orElseThrow();
    }
    byte[] good = Files.readAllBytes(file);
    for (int at : new int[] {0, good.length / 2, good.length - 1}) {
      byte[] flipped = good.clone();
      flipped[at] ^= 1;
      Files.write(file, flipped);
      assertTrue(indexes.load(BASE).isEmpty(), "flipped byte " + at);
    }
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 40));
    assertTrue(indexes.load(BASE).isEmpty(), "truncated");
    Files.write(file, new byte[0]);
    assertTrue(indexes.load(BASE).isEmpty(), "empty");

    indexes.store(BASE, sample(), List.of(1L));
    assertTrue(indexes.load(BASE).isPresent());
  }

  /** A base with a sticky /tmp, a usrmerge symlink, owned files and a whited-out file. */
  private static LowerIndex sample() throws IOException {
    TestTar tar =
        TestTar.tar()
            .entry("tmp/", TarConstants.LF_DIR, new byte[0], owned(01777, 0))
            .entry("usr/", TarConstants.LF_DIR, new byte[0], owned(0755, 0))
            .entry("usr/lib64/", TarConstants.LF_DIR, new byte[0], owned(0755, 0))
            .entry("usr/lib64/libc.so.6", TarConstants.LF_NORMAL, new byte[0], owned(0755, 1000))
            .entry(
                "lib64",
                TarConstants.LF_SYMLINK,
                new byte[0],
                owned(0777, 1000).andThen(e -> e.setLinkName("usr/lib64")))
            .entry("etc/", TarConstants.LF_DIR, new byte[0], owned(0755, 0))
            .entry("etc/shadow", TarConstants.LF_NORMAL, new byte[0], owned(0640, 1000))
            .entry("etc/.wh.shadow", TarConstants.LF_NORMAL, new byte[0], owned(0, 1000))
            .entry(
                "home/" + "long-name/".repeat(20),
                TarConstants.LF_DIR,
                new byte[0],
                owned(0700, 0));
    return LowerIndex.fromLayers(List.of(tar.open()));
  }

  /** Mode, the owner {@code uid} and group 42. */
  private static Consumer<TarArchiveEntry> owned(int mode, int uid) {
    return entry -> {
      entry.setMode(mode);
      entry.setUserId(uid);
      entry.setGroupId(42);
    };
  }
}
