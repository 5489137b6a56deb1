package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dpkg leaves that depends on the day or the host is taken out, through no link. */
class DpkgTracesTest {
  static final long EPOCH = 1577836800L; // 2020-01-01, day 18262

  @TempDir Path temp;

  @Test
  void clampLastChange_laterDaysLowered_earlierKept_otherLinesAsTheyAre() {
    assertEquals(
        "root:*:18262:0:99999:7:::\nold:!:17000:0:99999:7:::\n# comment\nshort:x\n",
        DpkgTraces.clampLastChange(
            "root:*:20790:0:99999:7:::\nold:!:17000:0:99999:7:::\n# comment\nshort:x\n", 18262));
  }

  @Test
  void tidy_logsBackupsAuxCacheShadowMachineId() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    Path root = sandbox.root();
    write(root, "var/log/dpkg.log", "2026-12-03 13:04:30 startup archives install\n");
    write(root, "var/log/alternatives.log", "update-alternatives 2026-12-03 13:04:30: run\n");
    write(root, "var/log/wtmp", "");
    write(root, "var/cache/ldconfig/aux-cache", "inodes");
    write(root, "var/lib/dpkg/status", "Package: a\n");
    write(root, "var/lib/dpkg/status-old", "Package: a\n");
    write(root, "var/lib/dpkg/diversions-old", "");
    write(root, "var/cache/debconf/templates.dat-old", "x");
    write(root, "var/cache/debconf/templates.dat", "x");
    write(root, "etc/shadow", "root:*:20790:0:99999:7:::\n");
    write(root, "etc/shadow-", "root:*:20790:0:99999:7:::\n");
    write(root, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(
        root.resolve("etc/shadow"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    List<String> changed = DpkgTraces.tidy(sandbox, EPOCH);

    assertEquals(
        List.of(
            "/var/log/dpkg.log",
            "/var/log/alternatives.log",
            "/var/cache/ldconfig/aux-cache",
            "/var/lib/dpkg/diversions-old",
            "/var/lib/dpkg/status-old",
            "/var/cache/debconf/templates.dat-old",
            "/etc/shadow",
            "/etc/shadow-",
            "/etc/machine-id"),
        changed);
    assertTrue(Files.exists(root.resolve("var/log/wtmp")), "a log without times is kept");
    assertTrue(Files.exists(root.resolve("var/lib/dpkg/status")));
    assertTrue(Files.exists(root.resolve("var/cache/debconf/templates.dat")));
    assertEquals("root:*:18262:0:99999:7:::\n", Files.readString(root.resolve("etc/shadow")));
    assertEquals(
        "rw-r-----",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(root.resolve("etc/shadow"))),
        "rewritten in place");
    assertEquals("", Files.readString(root.resolve("etc/machine-id")));
    assertEquals(List.of(), DpkgTraces.tidy(sandbox, EPOCH), "a second pass finds nothing");
  }

  @Test
  void I20_stageLinksToHostFiles_tidyNeitherDeletesNorRewritesThem() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    Path outside = temp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("dpkg.log"), "host file");
    Files.writeString(outside.resolve("shadow"), "root:*:20790:0:99999:7:::\n");
    Path root = sandbox.root();
    Files.createDirectories(root.resolve("var"));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("var/log"), outside);
    Files.createSymbolicLink(root.resolve("etc/shadow"), outside.resolve("shadow"));

    DpkgTraces.tidy(sandbox, EPOCH);

    assertEquals("host file", Files.readString(outside.resolve("dpkg.log")));
    assertEquals("root:*:20790:0:99999:7:::\n", Files.readString(outside.resolve("shadow")));
    assertTrue(Files.isSymbolicLink(root.resolve("etc/shadow")));
  }

  private static void write(Path root, String path, String content) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
