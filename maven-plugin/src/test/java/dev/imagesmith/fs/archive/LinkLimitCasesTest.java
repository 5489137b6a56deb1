package dev.imagesmith.fs.archive;

import static dev.imagesmith.testkit.TestTar.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.image.Compression;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.stage.StageRunner;
import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Security cases M2 and M3 (security-cases.md): more hardlinks to one inode than the host file
 * system holds, and a long symlink chain above many entries. The breakout oracle of {@link
 * ExtractorHarness} is checked after every test.
 */
class LinkLimitCasesTest extends ExtractorHarness {
  private static final int FILES = 2000;

  /** A directory, a chain of {@code links} symlinks to it, and {@link #FILES} files through it. */
  private static byte[] chainArchive(int links) {
    TestTar archive = tar().dir("d");
    for (int i = 0; i < links; i++) {
      archive.symlink("l" + i, i == links - 1 ? "d" : "l" + (i + 1));
    }
    for (int i = 0; i < FILES; i++) {
      archive.file("l0/f" + i, "x");
    }
    return archive.bytes();
  }

  /** Path lookups the sandbox made to extract {@code archive} as a layer into a fresh sandbox. */
  private long lookups(byte[] archive) throws IOException {
    freshSandbox();
    long before = sandbox.lookups();
    layer(archive);
    assertTrue(Files.isRegularFile(host("/d/f" + (FILES - 1)), LinkOption.NOFOLLOW_LINKS));
    return sandbox.lookups() - before;
  }

  @Test
  void M2_moreHardlinksThanTheHostHolds_sameLayerAsWithoutTheLimit() throws IOException {
    int names = 66_000; // ext4 holds 65,000 links per inode
    TestTar archive = tar().file("target", "one inode, 66,001 names");
    for (int i = 0; i < names; i++) {
      archive.hardlink("l/" + i, "target");
    }
    byte[] tar = archive.bytes();
    layer(tar);
    byte[] more = tar().hardlink("more", "target").hardlink("l/more", "l/65999").bytes();
    layer(more); // a later layer links to a full inode and to a copy

    Map<Object, Path> hostInodes = new HashMap<>();
    Set<Object> imageInodes = new HashSet<>();
    List<SandboxEntry> files = sandbox.walk("/").stream().filter(e -> !e.isDirectory()).toList();
    for (SandboxEntry file : files) {
      hostInodes.putIfAbsent(
          Files.getAttribute(file.hostPath(), "unix:ino", LinkOption.NOFOLLOW_LINKS),
          file.hostPath());
      imageInodes.add(file.fileKey());
    }
    for (Path copy : hostInodes.values()) {
      assertEquals("one inode, 66,001 names", BreakoutOracle.read(copy));
    }
    assertEquals(names + 3, files.size());
    assertEquals(1, imageInodes.size(), "every name is one inode of the image");
    if (Files.getFileStore(sandbox.root()).type().equals("ext4")) {
      assertEquals(2, hostInodes.size(), "the host's limit was reached and the names spread");
    }

    // The layer: one file and 66,002 tar hardlinks to it, as a host without the limit gives.
    WrittenLayer spread = layerOf(sandbox, "spread");
    List<ArchiveItem> links =
        spread.entries().stream().filter(e -> e.hardlinkTarget() != null).toList();
    assertEquals(names + 2, links.size());
    assertTrue(
        links.stream().allMatch(e -> e.hardlinkTarget().equals("/l/0")), "no link to a link");
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs")) {
      Path unlimitedRoot = Files.createTempDirectory(shm, "m2-");
      try {
        Sandbox unlimited = Sandbox.create(unlimitedRoot.resolve("sandbox"));
        extractor.applyLayer(new ByteArrayInputStream(tar), unlimited, "layer on tmpfs");
        extractor.applyLayer(new ByteArrayInputStream(more), unlimited, "layer on tmpfs");
        assertEquals(layerOf(unlimited, "unlimited").diffId(), spread.diffId(), "the same layer");
      } finally {
        HostFiles.deleteTree(unlimitedRoot);
      }
    }

    // Kept by the stage cache and reopened in a later build, the names are still one inode.
    Path metadata = archives.resolve("stage.metadata");
    sandbox.saveMetadata(metadata);
    Sandbox reopened = Sandbox.reopen(sandbox.root(), metadata);
    reopened.useScratchDirectory(
        archives); // the build's own directory: the oracle watches the rest
    Object inode = reopened.stat("/target").orElseThrow().fileKey();
    assertEquals(inode, reopened.stat("/l/65999").orElseThrow().fileKey());
    assertEquals(inode, reopened.stat("/l/more").orElseThrow().fileKey());

    // A run step edits one name in place: that host inode's names leave the group, and the layer
    // holds what the host files hold (not the group's first name's bytes).
    String copyName = hostInodes.size() == 2 ? "/l/65500" : "/l/0";
    StepSpec edit =
        new StepSpec.Run("printf edited > \"$STAGE_ROOT" + copyName + "\"", Map.of(), "/", "<run>");
    new StageRunner(archives, archives.resolve("cache"), true, "linux/amd64", BuildLog.silent())
        .run(new StageSpec("s", null, List.of(edit), PruneSpec.defaults(), "<stage>"), reopened);
    Map<String, ArchiveItem> edited = new HashMap<>();
    layerOf(reopened, "edited").entries().forEach(e -> edited.put(e.name(), e));
    if (hostInodes.size() == 2) {
      assertEquals("/l/64999", edited.get("/l/65500").hardlinkTarget(), "the copy's own names");
      assertEquals(null, edited.get("/l/64999").hardlinkTarget(), "a file of its own");
      assertEquals("/l/0", edited.get("/l/64998").hardlinkTarget(), "the rest stay one file");
    }
  }

  private WrittenLayer layerOf(Sandbox from, String name) throws IOException {
    return new LayerWriter(
            Compression.NONE, Instant.parse("2026-01-01T00:00:00Z"), LowerIndex.empty())
        .write(from, "/", Files.createDirectories(archives.resolve("blobs-" + name)));
  }

  @Test
  void M3_longSymlinkChain_costsLikeAShortOne() throws IOException {
    long short1 = lookups(chainArchive(1));
    long long250 = lookups(chainArchive(250));
    // Counts, not seconds. Expanding the chain again for every file below it cost about 250
    // lookups per file (some 500,000 here); expanded a few times in all, the chain adds a few
    // hundred lookups whatever the number of files.
    assertTrue(
        long250 - short1 < 4 * 255,
        "a 250-link chain cost " + long250 + " lookups, a 1-link chain " + short1);
  }

  // Also P18: no remembered resolution outlives an entry that replaces one of its components.
  @Test
  void M3_chainReplacedMidArchive_laterEntriesFollowTheNewLink() throws IOException {
    byte[] archive =
        tar()
            .dir("d")
            .dir("e")
            .symlink("l1", "d")
            .symlink("l0", "l1")
            .file("l0/before", "1") // the memo now knows l0 -> /d
            .symlink("l1", "e") // replaces a link in the middle of the chain
            .file("l0/after", "2")
            .dir("n") // a plain directory, remembered as such
            .file("n/x", "3")
            .symlink("n", "/e") // replaces the directory by a link
            .file("n/y", "4")
            .file("m/../z", "5") // m is missing: resolves to /z
            .symlink("m", "d/sub")
            .dir("d/sub")
            .file("m/../w", "6") // m is a link now: '..' of d/sub is d
            .symlink("s", "d")
            .file("s/a", "7")
            .dir("s") // replaces the link by a directory: no link is created
            .file("s/b", "8")
            .dir("d/sub2")
            .symlink("q", "d/sub2")
            .file("h/../y", "9") // h is missing: resolves to /y
            .hardlink("h", "q") // a hardlink to a symlink: h is a link to d/sub2 now
            .file("h/../v", "10")
            .bytes();
    layer(archive);
    assertEquals("1", BreakoutOracle.read(host("/d/before")));
    assertEquals("2", BreakoutOracle.read(host("/e/after")));
    assertEquals("4", BreakoutOracle.read(host("/e/y")));
    assertEquals("5", BreakoutOracle.read(host("/z")));
    assertEquals("6", BreakoutOracle.read(host("/d/w")));
    assertEquals("7", BreakoutOracle.read(host("/d/a")));
    assertEquals("8", BreakoutOracle.read(host("/s/b")));
    assertEquals("9", BreakoutOracle.read(host("/y")));
    assertEquals("10", BreakoutOracle.read(host("/d/v")));
  }

  // Also P18: a whiteout that removes a remembered link ends what was remembered through it.
  @Test
  void M3_whiteoutsRemoveARememberedLink_laterEntriesDoNotFollowIt() throws IOException {
    byte[] lower = tar().dir("d").symlink("s", "d").dir("p").symlink("p/t", "/d").bytes();
    byte[] upper =
        tar()
            .file("s/a", "1") // the memo now knows s -> /d
            .file(".wh.s", "")
            .file("s/b", "2") // s is gone: a plain directory /s
            .file("p/t/c", "3") // p/t -> /d
            .file("p/.wh..wh..opq", "")
            .file("p/t/e", "4") // p/t is gone
            .bytes();
    layers(lower, upper);
    assertEquals("1", BreakoutOracle.read(host("/d/a")));
    assertEquals("2", BreakoutOracle.read(host("/s/b")));
    assertEquals("3", BreakoutOracle.read(host("/d/c")));
    assertEquals("4", BreakoutOracle.read(host("/p/t/e")));
  }
}
