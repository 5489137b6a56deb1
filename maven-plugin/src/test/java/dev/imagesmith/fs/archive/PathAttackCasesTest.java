package dev.imagesmith.fs.archive;

import static dev.imagesmith.testkit.TestTar.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** security-cases.md class P: path traversal and link attacks, through layers and archives. */
class PathAttackCasesTest extends ExtractorHarness {

  @Test
  void P1_dotdotNames_clampedInLayer_rejectedInUserArchive() throws IOException {
    for (String name : new String[] {"../victim/dotdot", "../pwned", "../../pwned"}) {
      byte[] archive = tar().file(name, "evil").bytes();
      assertNull(layers(archive), name);
      String clamped = "/" + name.replace("../", "");
      assertEquals("evil", BreakoutOracle.read(host(clamped)), name);
      UserInputException e = userArchive(archive);
      assertNotNull(e, name);
      assertTrue(e.getMessage().contains("entry " + name + ": name climbs out"), e.getMessage());
    }
    // A regular file named ".." cannot be created anywhere.
    assertNotNull(layerFails(tar().file("..", "evil").bytes()));
  }

  @Test
  void P2_leadingSlashDotdot_staysInRoot() throws IOException {
    String deep = "../".repeat(15) + "victim/deep";
    for (String name : new String[] {"/../victim/slash-dotdot", "/./.././../victim/x", deep}) {
      byte[] archive = tar().file(name, "evil").bytes();
      assertNull(layers(archive), name);
      assertTrue(exists("/victim/" + name.substring(name.lastIndexOf('/') + 1)), name);
      assertNotNull(userArchive(archive), name);
    }
  }

  @Test
  void P3_absoluteNames_strippedNotRejected() throws IOException {
    byte[] archive = tar().file("/usr/bin/x", "x").file("/etc/passwd", "root:x:0:0").bytes();
    layer(archive);
    assertEquals("x", BreakoutOracle.read(host("/usr/bin/x")));
    assertEquals("root:x:0:0", BreakoutOracle.read(host("/etc/passwd")));
    assertNull(userArchive(archive, "/opt", ExtractOptions.DEFAULTS));
    assertEquals("x", BreakoutOracle.read(host("/opt/usr/bin/x")));
  }

  @Test
  void P6_dotLookalikes_extractedNormally() throws IOException {
    byte[] archive =
        tar().file("..gitme", "1").file("...", "2").file("..foo", "3").file("foo..", "4").bytes();
    layer(archive);
    assertEquals("2", BreakoutOracle.read(host("/...")));
    assertNull(userArchive(archive));
    for (String name : new String[] {"/..gitme", "/...", "/..foo", "/foo.."}) {
      assertTrue(Files.isRegularFile(host(name), LinkOption.NOFOLLOW_LINKS), name);
    }
  }

  @Test
  void P7_symlinkWriteThrough_staysInRoot() throws IOException {
    byte[] archive =
        tar()
            .symlink("loophole-victim", "../victim")
            .file("loophole-victim/file", "evil")
            .dir("dir")
            .symlink("dir/loophole", "../../victim")
            .file("dir/loophole/newdir/newfile", "evil")
            .bytes();
    layer(archive);
    assertEquals("evil", BreakoutOracle.read(host("/victim/file")));
    assertEquals("evil", BreakoutOracle.read(host("/victim/newdir/newfile")));
    assertNull(userArchive(archive));
    assertEquals("evil", BreakoutOracle.read(host("/victim/newdir/newfile")));
  }

  @Test
  void P8_absoluteSymlinkTargets_resolveFromSandboxRoot() throws IOException {
    byte[] archive =
        tar()
            .symlink("localetc", "/etc")
            .file("/localetc/unbroken", "1")
            .symlink("up", "/dummy/../etc")
            .file("up/viadotdot", "2")
            .dir("dummy")
            .symlink("dummy/etc", "/etc")
            .symlink("localetc2", "./dummy/etc")
            .file("localetc2/chained", "3")
            .bytes();
    layer(archive);
    assertEquals("1", BreakoutOracle.read(host("/etc/unbroken")));
    assertEquals("2", BreakoutOracle.read(host("/etc/viadotdot")));
    assertEquals("3", BreakoutOracle.read(host("/etc/chained")));
    assertNull(userArchive(archive));
    assertEquals("3", BreakoutOracle.read(host("/etc/chained")));
  }

  @Test
  void P11_relativeEscapeThenAbsoluteHop_landsAtRootTarget() throws IOException {
    layer(tar().symlink("escape", "..").symlink("absolute", "/target").bytes());
    layer(tar().file("escape/absolute/file", "x").bytes());
    // Documented choice: securejoin clamps ("escape" is the root), it does not reject.
    assertEquals("x", BreakoutOracle.read(host("/target/file")));
  }

  @Test
  void P12_hardlinkToHost_rejected() throws IOException {
    String hostVictim = parent.resolve("victim/hello").toString();
    for (String target : new String[] {"../victim/hello", "/../victim/hello", hostVictim}) {
      UserInputException e = layerFails(tar().hardlink("dotdot", target).bytes());
      assertTrue(e.getMessage().contains("does not exist in the sandbox"), e.getMessage());
      assertNotNull(userArchive(tar().hardlink("dotdot", target).bytes()), target);
    }
    assertNotNull(
        layerFails(
            tar()
                .hardlink("loophole-victim", "../victim")
                .file("loophole-victim/file", "x")
                .bytes()));
  }

  @Test
  void P14_hardlinkToSymlink_linksTheSymlinkItself() throws IOException {
    byte[] archive =
        tar()
            .symlink("passwdlink", "../../../../../etc/passwd")
            .hardlink("localpasswd", "/passwdlink")
            .bytes();
    layer(archive);
    assertTrue(Files.isSymbolicLink(host("/localpasswd")));
    assertEquals(inode("/passwdlink"), inode("/localpasswd"));
    assertEquals(FileType.SYMLINK, stat("/localpasswd").type());
  }

  @Test
  void P15_metadataThroughLinks_neverReachesHost() throws IOException {
    String hostFile = parent.resolve("victim/hello").toString();
    byte[] archive =
        tar()
            .symlink("ep", hostFile)
            .entry(
                "sketchylink",
                TarConstants.LF_LINK,
                new byte[0],
                e -> {
                  e.setLinkName("ep");
                  e.setMode(0777);
                  e.setUserId(0);
                  e.setModTime(0);
                })
            .bytes();
    layer(archive);
    assertTrue(Files.isSymbolicLink(host("/sketchylink")));
    // The link's own metadata stays a symlink's; nothing was chmod-ed or touched on the host
    // (the oracle compares mode 0400 and mtime of victim/hello).
    assertEquals(0777, stat("/sketchylink").mode());
    assertEquals(
        "r--------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(parent.resolve("victim/hello"))));
    // Replacing the symlink with a file unlinks it; the host file is not opened.
    layer(tar().file("ep", "replaced", 0777).bytes());
    assertFalse(Files.isSymbolicLink(host("/ep")));
  }

  @Test
  void P17_linksNamedDotOrDotdot_rejected() throws IOException {
    for (String name : new String[] {"..", "localetc/sub/..", "./", "."}) {
      UserInputException e =
          layerFails(tar().dir("localetc").dir("localetc/sub").symlink(name, "/etc/").bytes());
      assertTrue(
          e.getMessage().contains("cannot be named") || e.getMessage().contains("ends with '/'"),
          e.getMessage());
    }
    assertNotNull(layerFails(tar().symlink("", "/etc/").bytes()));
  }

  @Test
  void P19_typeFlipsAcrossLayers_replaceWithoutFollowing() throws IOException {
    layer(tar().dir("localetc").file("localetc/old", "old").file("etc/passwd", "pw").bytes());
    layer(
        tar().symlink("localetc", "/etc").hardlink("localetc/localpasswd", "/etc/passwd").bytes());
    assertTrue(Files.isSymbolicLink(host("/localetc")));
    assertEquals(inode("/etc/passwd"), inode("/etc/localpasswd"));
    assertFalse(exists("/etc/old"));

    layer(tar().dir("localetc").file("localetc/fresh", "new").bytes());
    assertTrue(Files.isDirectory(host("/localetc"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("new", BreakoutOracle.read(host("/localetc/fresh")));
    assertFalse(exists("/etc/fresh"));
    assertTrue(exists("/etc/localpasswd"), "the old symlink's target is not removed");
  }

  @Test
  void P21_dotdotAfterSymlink_isNotLexical() throws IOException {
    byte[] archive =
        tar()
            .dir("cousinparent/cousin")
            .dir("subdir")
            .symlink("subdir/link", "../cousinparent/cousin")
            .file("subdir/link/../test", "x")
            .bytes();
    layer(archive);
    assertTrue(exists("/cousinparent/test"));
    assertFalse(exists("/subdir/test"));
    assertNull(userArchive(archive));
    assertTrue(exists("/cousinparent/test"));
  }

  @Test
  void P22_fileAsParent_cleanError() throws IOException {
    UserInputException e =
        layerFails(tar().file("nondir", "x").file("nondir/foo/bar/baz", "y").bytes());
    assertTrue(e.getMessage().contains("entry nondir/foo/bar/baz: cannot create"), e.getMessage());
    freshSandbox();
    assertNotNull(
        layerFails(
            tar()
                .file("notdir", "x")
                .dir("subdir")
                .symlink("subdir/link", "/../../../notdir/somechild")
                .file("subdir/link/x", "y")
                .bytes()));
  }

  @Test
  void P31_degenerateNames_typedErrors() throws IOException {
    // NUL inside a PAX path: no truncation to "a".
    byte[] nul =
        RawTar.raw()
            .pax(Map.of("path", "a\0b".getBytes(StandardCharsets.UTF_8)))
            .header("a", '0', 0)
            .end();
    assertTrue(layerFails(nul).getMessage().contains("NUL"));
    assertFalse(exists("/a"));
    assertNotNull(layerFails(tar().file("x/" + "n".repeat(256), "long component").bytes()));
    assertNotNull(layerFails(tar().file("d/".repeat(2100) + "f", "too long").bytes()));
    // "./" alone carries the root's metadata only.
    layer(tar().dir("./", 0755).bytes());
    assertEquals(0755, stat("/").mode());
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(oracle.root)));
  }

  @Test
  void P31_trailingSlashOnNonDirectory_rejected() throws IOException {
    byte[] archive =
        RawTar.raw()
            .pax(Map.of("path", "file/".getBytes(StandardCharsets.UTF_8)))
            .header("file", '2', 0)
            .end();
    assertNotNull(layerFails(archive));
  }

  @Test
  void P29_zipSymlinkThenWriteThrough_staysInRoot() throws IOException {
    byte[] zip =
        ZipFixtures.zip(
            z -> {
              z.symlink("link", "/etc");
              z.file("link/passwd", "evil");
              z.symlink("out", "../../victim");
              z.file("out/x", "evil");
            });
    assertNull(userArchive(zip));
    assertTrue(Files.isSymbolicLink(host("/link")));
    assertEquals("evil", BreakoutOracle.read(host("/etc/passwd")));
    assertEquals("evil", BreakoutOracle.read(host("/victim/x")));
  }

  @Test
  void P29_zipLocalNameDiffersFromCentral_rejected() throws IOException {
    byte[] zip = ZipFixtures.zip(z -> z.file("good.txt", "x"));
    byte[] tampered = ZipFixtures.renameLocalHeader(zip, "good.txt", "../x.txt");
    UserInputException e = userArchiveFails(tampered);
    assertTrue(e.getMessage().contains("differs from central directory"), e.getMessage());
    assertFalse(exists("/good.txt"));
  }

  @Test
  void P29_zipDotdot_rejected() throws IOException {
    assertNotNull(userArchiveFails(ZipFixtures.zip(z -> z.file("../../victim/zip", "evil"))));
  }

  @Test
  void P30_debian_onlyDataTarReachesSandbox() throws IOException {
    byte[] data =
        tar()
            .file("./usr/../../x", "clamped")
            .symlink("./usr/bin/abs", "/etc")
            .file("./usr/bin/su", "su", 04755)
            .bytes();
    byte[] control = tar().file("./postinst", "#!/bin/sh\nrm -rf /\n").bytes();
    byte[] deb = DebFixtures.deb(control, data, "data.tar");
    UserInputException e = userArchiveFails(deb);
    assertTrue(e.getMessage().contains("climbs out"), e.getMessage());

    byte[] good = tar().symlink("./usr/bin/abs", "/etc").file("./usr/bin/su", "su", 04755).bytes();
    assertNull(userArchive(DebFixtures.deb(control, good, "data.tar")));
    assertEquals(04755, stat("/usr/bin/su").mode());
    assertFalse(exists("/postinst"));
    assertFalse(exists("/control.tar"));

    assertNotNull(userArchiveFails(DebFixtures.deb(control, good, "data.tar.lzma")));
  }

  @Test
  void userArchive_stripComponents_likeGnuTar() throws IOException {
    byte[] archive =
        tar().dir("./").dir("./pkg-1.0").file("./pkg-1.0/bin/tool", "t").file("./top", "x").bytes();
    assertNull(userArchive(archive, "/opt/pkg", new ExtractOptions(2, ExtractLimits.DEFAULTS)));
    assertEquals("t", BreakoutOracle.read(host("/opt/pkg/bin/tool")));
    assertFalse(exists("/opt/pkg/top"));
    assertFalse(exists("/opt/pkg/pkg-1.0"));
  }

  @Test
  void userArchive_errorNamesArchiveAndEntry() throws IOException {
    UserInputException e = userArchiveFails(tar().file("ok", "1").file("../evil", "2").bytes());
    assertTrue(
        e.getMessage().matches("archive .*archive-0, entry \\.\\./evil: .*"), e.getMessage());
    assertNotEquals(-1, e.getMessage().indexOf("rebuild"));
  }
}
