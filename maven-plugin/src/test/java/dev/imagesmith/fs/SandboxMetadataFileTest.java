package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox kept between builds keeps what its host files cannot hold. */
class SandboxMetadataFileTest {
  @TempDir Path tmp;

  @Test
  void reopen_restoresOverlay_andRefusesReplacedObjects() throws Exception {
    Path root = tmp.resolve("root");
    Sandbox sandbox = Sandbox.create(root);
    Files.writeString(root.resolve("su"), "su");
    Files.writeString(root.resolve("null"), "");
    Files.writeString(root.resolve("ping"), "ping");
    sandbox.setMetadata("/su", Metadata.of(04755, 0, 0, FileType.REGULAR));
    sandbox.setMetadata("/null", new Metadata(0666, 0, 0, FileType.CHAR_DEVICE, 1, 3, Map.of()));
    byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, (byte) 0xff};
    sandbox.setMetadata(
        "/ping",
        new Metadata(
            0755, 7, 8, FileType.REGULAR, 0, 0, Map.of("security.capability", capability)));
    Path file = tmp.resolve("state/root.metadata");
    sandbox.saveMetadata(file);

    Sandbox reopened = Sandbox.reopen(root, file);
    assertEquals(04755, reopened.stat("/su").orElseThrow().mode());
    SandboxEntry device = reopened.stat("/null").orElseThrow();
    assertEquals(FileType.CHAR_DEVICE, device.type());
    assertEquals(3, device.devMinor());
    assertEquals(7, reopened.stat("/ping").orElseThrow().uid());

    // Someone replaced /ping with a new file, which often gets the freed inode number back: the
    // record cannot be trusted, and the sandbox is refused rather than given wrong metadata.
    Object ctime = Files.getAttribute(root.resolve("ping"), "unix:ctime");
    do { // until the coarse clock has moved: a change within one tick is indistinguishable
      Thread.sleep(5);
      Files.delete(root.resolve("ping"));
      Files.writeString(root.resolve("ping"), "new ping");
    } while (ctime.equals(Files.getAttribute(root.resolve("ping"), "unix:ctime")));
    assertThrows(IOException.class, () -> Sandbox.reopen(root, file));

    Sandbox unchanged = Sandbox.create(tmp.resolve("other"));
    Files.writeString(unchanged.root().resolve("ping"), "ping");
    unchanged.setMetadata(
        "/ping",
        new Metadata(
            0755, 7, 8, FileType.REGULAR, 0, 0, Map.of("security.capability", capability)));
    unchanged.saveMetadata(tmp.resolve("state/other.metadata"));
    SandboxEntry kept =
        Sandbox.reopen(tmp.resolve("other"), tmp.resolve("state/other.metadata"))
            .stat("/ping")
            .orElseThrow();
    assertEquals(7, kept.uid());
    assertArrayEquals(capability, kept.xattrs().get("security.capability"));
  }

  /**
   * An object pruning moved aside and back is the same inode with a later ctime. The identity's
   * ctime once was the JDK's text of it, whose own colons kept the hour and minute in "the same
   * inode": a kept tree restored in another minute than it was saved counted as changed (a flaky
   * IncrementalStageTest in CI).
   */
  @Test
  void anIdentity_namesItsInodeApartFromItsCtime() throws Exception {
    Path file = Files.writeString(tmp.resolve("libv.a"), "!<arch>\n");
    String identity = MetadataFile.identity(file);
    Map<String, Object> unix =
        Files.readAttributes(file, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    String inode = unix.get("dev") + ":" + unix.get("ino");
    assertEquals(inode, MetadataFile.inodeOf(identity));
    long ctime = Long.parseLong(identity.substring(inode.length() + 1));
    long anHourLater = ctime + 3_600_000_000_000L;
    assertEquals(inode, MetadataFile.inodeOf(inode + ":" + anHourLater));
    assertEquals("gone", MetadataFile.inodeOf("gone"));

    Files.move(file, tmp.resolve("aside"));
    Files.move(tmp.resolve("aside"), file);
    assertEquals(inode, MetadataFile.inodeOf(MetadataFile.identity(file)));
  }

  @Test
  void reopen_keepsLinkTargetsAsWritten() throws Exception {
    Path root = tmp.resolve("root");
    Sandbox sandbox = Sandbox.create(root);
    Files.createDirectories(root.resolve("usr/lib64"));
    sandbox.createSymlink("/lib64", "/usr/lib64");
    Path file = tmp.resolve("state/root.metadata");
    sandbox.saveMetadata(file);

    Sandbox reopened = Sandbox.reopen(root, file);
    assertEquals("usr/lib64", Files.readSymbolicLink(root.resolve("lib64")).toString());
    assertEquals("/usr/lib64", reopened.stat("/lib64").orElseThrow().linkTarget());

    Files.delete(root.resolve("lib64"));
    Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib64"));
    assertThrows(IOException.class, () -> Sandbox.reopen(root, file), "a replaced link");
  }

  @Test
  void reopen_damagedFile_fails() throws IOException {
    Path root = tmp.resolve("root");
    Sandbox.create(root);
    Path file = Files.writeString(tmp.resolve("bad.metadata"), "garbage!");
    assertThrows(IOException.class, () -> Sandbox.reopen(root, file));
  }

  @Test
  void reopen_metadataFileIsALink_fails() throws IOException {
    Path root = tmp.resolve("root");
    Sandbox sandbox = Sandbox.create(root);
    Path file = tmp.resolve("elsewhere/root.metadata");
    sandbox.saveMetadata(file);
    // A state file is ours: never read through a link (to a FIFO it would hang the build).
    Path link = Files.createSymbolicLink(tmp.resolve("root.metadata"), file);
    assertThrows(IOException.class, () -> Sandbox.reopen(root, link));
  }
}
