package dev.imagesmith.fs.archive;

import static dev.imagesmith.fs.archive.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    TarBuilder archive = tar().dir("d");
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
