package dev.imagesmith.fs.archive;

import static dev.imagesmith.testkit.TestTar.tar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.testkit.TestTar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** security-cases.md class L: OCI layer semantics. */
class LayerSemanticsCasesTest extends ExtractorHarness {

  @Test
  void L1_plainWhiteouts_removeLowerAndRestoreParentTime() throws IOException {
    layer(tar().file("file1", "1").dir("a").file("a/file2", "2").dir("b").file("b/c", "3").bytes());
    long aTime = stat("/a").mtimeSeconds();
    ExtractReport report =
        layer(tar().file(".wh.file1", "").file("a/.wh.file2", "").file(".wh.b", "").bytes());
    assertFalse(exists("/file1"));
    assertFalse(exists("/a/file2"));
    assertFalse(exists("/b"));
    assertFalse(exists("/.wh.file1"));
    assertFalse(exists("/a/.wh.file2"));
    assertEquals(List.of("/file1", "/a/file2", "/b"), report.whiteouts());
    assertEquals(0, report.entries());
    assertEquals(aTime, stat("/a").mtimeSeconds());
  }

  @Test
  void L3_opaqueAtRoot_andDotFileWhiteout() throws IOException {
    layer(tar().file("x", "x").dir("d").file("d/y", "y").file(".baz", "b").bytes());
    layer(tar().file(".wh..wh..opq", "").file("new", "n").bytes());
    assertFalse(exists("/x"));
    assertFalse(exists("/d"));
    assertFalse(exists("/.baz"));
    assertTrue(exists("/new"));
    assertTrue(Files.isDirectory(oracle.root));
    freshSandbox();
    layer(tar().file(".baz", "b").file("keep", "k").bytes());
    layer(tar().file(".wh..baz", "").bytes());
    assertFalse(exists("/.baz"));
    assertTrue(exists("/keep"));
  }

  @Test
  void L3_opaqueAfterOwnChildren_keepsThem() throws IOException {
    layer(tar().dir("d").file("d/old", "o").dir("d/sub").file("d/sub/olddeep", "o").bytes());
    ExtractReport report =
        layer(
            tar()
                .dir("d")
                .file("d/new", "n")
                .file("d/sub/newdeep", "n")
                .file("d/.wh..wh..opq", "")
                .bytes());
    assertTrue(exists("/d/new"));
    assertTrue(exists("/d/sub/newdeep"));
    assertFalse(exists("/d/old"));
    assertFalse(exists("/d/sub/olddeep"), "lower descendants are hidden too");
    assertEquals(List.of("/d/ (opaque)"), report.whiteouts());
  }

  @Test
  void L5_whiteoutOfSymlink_removesLinkOnly() throws IOException {
    layer(tar().file("etc/keep", "k").symlink("localetc", "/etc").bytes());
    layer(tar().file(".wh.localetc", "").bytes());
    assertFalse(exists("/localetc"));
    assertTrue(exists("/etc/keep"));
  }

  @Test
  void L6_whiteoutThroughSymlinkedParent_resolvesInRoot() throws IOException {
    layer(
        tar()
            .file("etc/whitedout", "w")
            .file("etc/other", "o")
            .symlink("localetc", "/etc")
            .symlink("deadlink", "/dne")
            .bytes());
    layer(tar().file("localetc/.wh.whitedout", "").file("deadlink/.wh.etc", "").bytes());
    assertFalse(exists("/etc/whitedout"));
    assertTrue(exists("/etc/other"), "a whiteout below a dead symlink is a no-op");
    layer(tar().file("dne/../.wh.etc", "").bytes());
    assertFalse(exists("/etc"));
  }

  @Test
  void L7_whiteoutPrefixOnDirectoryComponent_rejected() throws IOException {
    UserInputException e = layerFails(tar().file(".wh.etc/somefile", "x").bytes());
    assertTrue(e.getMessage().contains("reserved for whiteouts"), e.getMessage());
  }

  @Test
  void L7_whiteoutWithoutName_rejected() throws IOException {
    UserInputException e = layerFails(tar().file("a/.wh.", "").bytes());
    assertTrue(e.getMessage().contains("names no file"), e.getMessage());
  }

  @Test
  void L7_whiteoutNamesAreLiteralInUserArchives() throws IOException {
    assertNull(userArchive(tar().file(".wh.readme", "literal").bytes()));
    assertTrue(exists("/.wh.readme"));
  }

  @Test
  void L9_whiteoutWithOddHeader_nameDecidesBodyDrained() throws IOException {
    layer(tar().file("x", "x").file("y", "y").bytes());
    layer(
        tar()
            .symlink(".wh.x", "whatever")
            .file(".wh.y", "a body that must be drained")
            .file("z", "z")
            .bytes());
    assertFalse(exists("/x"));
    assertFalse(exists("/y"));
    assertFalse(exists("/.wh.x"));
    assertEquals("z", BreakoutOracle.read(host("/z")));
  }

  @Test
  void L10_directoryToFileAndBack() throws IOException {
    layer(tar().dir("d").file("d/c", "c").file("f", "f").bytes());
    layer(tar().file("d", "now a file").dir("f").file("f/child", "c").bytes());
    assertEquals("now a file", BreakoutOracle.read(host("/d")));
    assertEquals("c", BreakoutOracle.read(host("/f/child")));
  }

  @Test
  void L11_directoryOverDirectory_replacesAttributesKeepsChildren() throws IOException {
    layer(tar().dir("d", 0755).file("d/child", "c").bytes());
    layer(
        tar()
            .entry(
                "d/",
                TarConstants.LF_DIR,
                new byte[0],
                e -> {
                  e.setMode(0750);
                  e.setUserId(1000);
                  e.setModTime(1_000_000_000_000L);
                })
            .bytes());
    SandboxEntry d = stat("/d");
    assertEquals(0750, d.mode());
    assertEquals(1000, d.uid());
    assertEquals(1_000_000_000L, d.mtimeSeconds());
    assertTrue(exists("/d/child"));
  }

  @Test
  void L12_recursiveRemovalMeetsSymlink_deletesLinkOnly() throws IOException {
    String victimDir = parent.resolve("victim").toString();
    layer(
        tar()
            .dir("d")
            .symlink("d/out", victimDir)
            .dir("e")
            .symlink("e/out", "../../victim")
            .bytes());
    layer(tar().file("d", "file now").file(".wh.e", "").bytes());
    assertEquals("file now", BreakoutOracle.read(host("/d")));
    assertFalse(exists("/e"));
  }

  @Test
  void L13_hardlinksInLayer() throws IOException {
    layer(
        tar()
            .file("usr/bin/perlbug", "perl")
            .hardlink("usr/bin/perlthanks", "/usr/bin/perlbug")
            .bytes());
    assertEquals(inode("/usr/bin/perlbug"), inode("/usr/bin/perlthanks"));
    assertEquals(2, stat("/usr/bin/perlbug").linkCount());

    layer(tar().hardlink("lowerlink", "usr/bin/perlbug").bytes());
    assertEquals(inode("/usr/bin/perlbug"), inode("/lowerlink"));

    UserInputException forward =
        layerFails(tar().hardlink("early", "late").file("late", "x").bytes());
    assertTrue(forward.getMessage().contains("does not exist"), forward.getMessage());
    UserInputException dir =
        layerFails(tar().dir("somedir").hardlink("dirlink", "somedir").bytes());
    assertTrue(dir.getMessage().contains("hardlink to a directory"), dir.getMessage());
  }

  @Test
  void L14_upperRewritesOneNameOfHardlinkPair() throws IOException {
    layer(tar().file("etc/passwd", "old").hardlink("etc/passwd-link", "etc/passwd").bytes());
    layer(tar().file("etc/passwd", "new").bytes());
    assertEquals("new", BreakoutOracle.read(host("/etc/passwd")));
    assertEquals("old", BreakoutOracle.read(host("/etc/passwd-link")));
    assertNotEquals(inode("/etc/passwd"), inode("/etc/passwd-link"));
  }

  @Test
  void L15_hardlinkHeaderMetadataIgnored() throws IOException {
    layer(
        tar()
            .entry(
                "target",
                TarConstants.LF_NORMAL,
                "t".getBytes(StandardCharsets.UTF_8),
                e -> {
                  e.setMode(0640);
                  e.setUserId(10);
                })
            .entry(
                "link",
                TarConstants.LF_LINK,
                new byte[0],
                e -> {
                  e.setLinkName("target");
                  e.setMode(04777);
                  e.setUserId(0);
                  e.setModTime(0);
                })
            .bytes());
    assertEquals(0640, stat("/link").mode());
    assertEquals(10, stat("/link").uid());
    assertEquals(0640, stat("/target").mode());
    assertEquals(TestTar.MTIME, stat("/target").mtimeSeconds());
    assertEquals(
        "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(host("/target"))));
  }

  @Test
  void L16_devicesAndFifos_keptAsEmptyFilesWithOverlay() throws IOException {
    layer(
        tar()
            .entry("dev/null", TarConstants.LF_CHR, new byte[0], e -> device(e, 1, 3, 0666))
            .entry("dev/sda", TarConstants.LF_BLK, new byte[0], e -> device(e, 8, 0, 0660))
            .entry("run/fifo", TarConstants.LF_FIFO, new byte[0], e -> e.setMode(0600))
            .bytes());
    SandboxEntry nul = stat("/dev/null");
    assertEquals(FileType.CHAR_DEVICE, nul.type());
    assertEquals(1, nul.devMajor());
    assertEquals(3, nul.devMinor());
    assertEquals(0666, nul.mode());
    assertEquals(FileType.BLOCK_DEVICE, stat("/dev/sda").type());
    assertEquals(FileType.FIFO, stat("/run/fifo").type());
    for (String p : new String[] {"/dev/null", "/dev/sda", "/run/fifo"}) {
      assertTrue(Files.isRegularFile(host(p), LinkOption.NOFOLLOW_LINKS), p);
      assertEquals(0, Files.size(host(p)));
    }
    byte[] huge =
        RawTar.raw()
            .pax(Map.of("SCHILY.devmajor", "4294967296".getBytes(StandardCharsets.US_ASCII)))
            .header("dev/huge", '3', 0)
            .end();
    layerFails(huge);
  }

  @Test
  void L17_setuidSetgidSticky_inOverlayOnly() throws IOException {
    layer(
        tar()
            .file("usr/bin/su", "su", 04755)
            .file("usr/bin/wall", "wall", 02755)
            .dir("tmp", 01777)
            .file("secret", "s", 0000)
            .bytes());
    assertEquals(04755, stat("/usr/bin/su").mode());
    assertEquals(02755, stat("/usr/bin/wall").mode());
    assertEquals(01777, stat("/tmp").mode());
    assertEquals(0, stat("/secret").mode());
    for (String p : new String[] {"/usr/bin/su", "/usr/bin/wall", "/tmp"}) {
      int onDisk = (Integer) Files.getAttribute(host(p), "unix:mode", LinkOption.NOFOLLOW_LINKS);
      assertEquals(0, onDisk & 07000, p + " keeps an s-bit on disk");
    }
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(host("/secret"))));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(oracle.root)));
  }

  @Test
  void L18_xattrs_byteFaithfulAndFiltered() throws IOException {
    byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Map<String, byte[]> pax = new LinkedHashMap<>();
    pax.put("SCHILY.xattr.security.capability", capability);
    pax.put(
        "SCHILY.xattr.security.selinux",
        "system_u:object_r:bin_t".getBytes(StandardCharsets.UTF_8));
    pax.put("SCHILY.xattr.trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
    pax.put("SCHILY.xattr.user.overlay.origin", "x".getBytes(StandardCharsets.UTF_8));
    pax.put("SCHILY.xattr.user.foo", "bar".getBytes(StandardCharsets.UTF_8));
    pax.put(
        "LIBARCHIVE.xattr.user.b%61z",
        Base64.getEncoder().encode("qux".getBytes(StandardCharsets.UTF_8)));
    byte[] archive =
        RawTar.raw()
            .pax(pax)
            .header("usr/bin/ping", '0', 4)
            .data("ping".getBytes(StandardCharsets.UTF_8))
            .end();
    layer(archive);
    Map<String, byte[]> xattrs = stat("/usr/bin/ping").xattrs();
    assertEquals(
        List.of("security.capability", "user.baz", "user.foo"), List.copyOf(xattrs.keySet()));
    assertArrayEquals(capability, xattrs.get("security.capability"));
    assertArrayEquals("qux".getBytes(StandardCharsets.UTF_8), xattrs.get("user.baz"));
    assertEquals("ping", BreakoutOracle.read(host("/usr/bin/ping")));
  }

  @Test
  void L20_paxSizeOverridesUstarSize_noSmuggledEntry() throws IOException {
    byte[] smuggled = RawTar.raw().header("smuggled", '0', 0).end();
    byte[] body = java.util.Arrays.copyOf(smuggled, 2048);
    byte[] archive =
        RawTar.raw()
            .pax(Map.of("size", "2048".getBytes(StandardCharsets.US_ASCII)))
            .header("f", '0', 0)
            .data(body)
            .end();
    layer(archive);
    assertEquals(2048, Files.size(host("/f")));
    assertFalse(exists("/smuggled"));
    assertEquals(List.of("f"), GnuTar.list(archives, archive), "GNU tar sees the same entries");
  }

  @Test
  void L21_globalPaxHeader_notMaterialised() throws IOException {
    byte[] archive =
        RawTar.raw()
            .header("pax_global_header", 'g', RawTar.record("comment", "abc".getBytes()).length)
            .data(RawTar.record("comment", "abc".getBytes(StandardCharsets.US_ASCII)))
            .header("file", '0', 1)
            .data(new byte[] {'x'})
            .end();
    ExtractReport report = layer(archive);
    assertFalse(exists("/pax_global_header"));
    assertTrue(exists("/file"));
    assertEquals(1, report.entries());
  }

  @Test
  void L24_shortOrNegativeSizes_errorAndNoTruncatedFile() throws IOException {
    byte[] truncated = RawTar.raw().header("big", '0', 10_000).bytes(new byte[600]).unterminated();
    UserInputException e = layerFails(truncated);
    assertTrue(e.getMessage().contains("entry big"), e.getMessage());
    assertFalse(exists("/big"), "no truncated file is left behind");

    byte[] negative = new byte[12];
    System.arraycopy("-0000000001 ".getBytes(StandardCharsets.US_ASCII), 0, negative, 0, 12);
    layerFails(RawTar.raw().header("neg", '0', negative).end());
    assertFalse(exists("/neg"));

    byte[] base256 = new byte[12]; // 9 GiB, binary size field
    base256[0] = (byte) 0x80;
    long size = 9L << 30;
    for (int i = 11; i > 0; i--, size >>>= 8) {
      base256[i] = (byte) size;
    }
    layerFails(RawTar.raw().header("huge", '0', base256).bytes(new byte[4096]).unterminated());
    assertFalse(exists("/huge"));
  }

  @Test
  void L25_extremeTimes_clampedOrRejectedQuickly() throws IOException {
    Map<String, byte[]> hugeMtime =
        Map.of("mtime", ("1e9999999").getBytes(StandardCharsets.US_ASCII));
    String digits = "1." + "9".repeat(300_000);
    UserInputException first =
        layers(
            tar()
                .entry("neg", TarConstants.LF_NORMAL, new byte[0], e -> e.setModTime(-1000))
                .entry("zero", TarConstants.LF_NORMAL, new byte[0], e -> e.setModTime(0))
                .entry(
                    "far",
                    TarConstants.LF_NORMAL,
                    new byte[0],
                    e -> e.setModTime((1L << 33) * 1000))
                .bytes());
    assertNull(first);
    assertEquals(0, stat("/neg").mtimeSeconds());
    assertEquals(0, stat("/zero").mtimeSeconds());
    assertEquals(1L << 33, stat("/far").mtimeSeconds());
    for (byte[] value :
        new byte[][] {hugeMtime.get("mtime"), digits.getBytes(StandardCharsets.US_ASCII)}) {
      byte[] archive = RawTar.raw().pax(Map.of("mtime", value)).header("t", '0', 0).end();
      UserInputException e = layers(archive);
      if (e == null) {
        long mtime = stat("/t").mtimeSeconds();
        assertTrue(mtime >= 0 && mtime <= 253_402_300_799L, "mtime " + mtime);
      }
    }
  }

  @Test
  void L26_largeOwners_keptInOverlayNeverChowned() throws IOException {
    layer(
        tar()
            .entry(
                "owned",
                TarConstants.LF_NORMAL,
                new byte[0],
                e -> {
                  e.setUserId(3_000_000L);
                  e.setGroupId(5_000_000L);
                  e.setUserName("root");
                })
            .bytes());
    assertEquals(3_000_000L, stat("/owned").uid());
    assertEquals(5_000_000L, stat("/owned").gid());
    assertEquals(
        Files.getAttribute(oracle.root, "unix:uid"),
        Files.getAttribute(host("/owned"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void L31_impliedParents_created0755() throws IOException {
    layer(tar().file("a/b/c/file", "x").bytes());
    for (String p : new String[] {"/a", "/a/b", "/a/b/c"}) {
      assertEquals(
          "rwxr-xr-x",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(host(p), LinkOption.NOFOLLOW_LINKS)),
          p);
      assertEquals(0755, stat(p).mode());
    }
  }

  private static void device(
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e, int major, int minor, int mode) {
    e.setDevMajor(major);
    e.setDevMinor(minor);
    e.setMode(mode);
  }
}
