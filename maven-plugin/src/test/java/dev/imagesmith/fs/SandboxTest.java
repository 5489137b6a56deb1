package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  @TempDir Path tmp;
  Sandbox sandbox;
  Path outside;

  @BeforeEach
  void create() throws IOException {
    sandbox = Sandbox.create(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep");
  }

  @Test
  void create_rootIsPrivate() throws IOException {
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.root())));
  }

  @Test
  void resolveEntry_followsParentNotLastComponent() throws IOException {
    Files.createSymbolicLink(sandbox.root().resolve("etc"), Path.of("/real"));
    Files.createSymbolicLink(sandbox.root().resolve("last"), Path.of("/elsewhere"));
    assertEquals("/real/passwd", sandbox.resolveEntry("etc/passwd").imagePath());
    assertEquals("/last", sandbox.resolveEntry("last").imagePath());
    assertEquals("/elsewhere", sandbox.resolve("last").imagePath());
    assertEquals(
        "/real", sandbox.resolveEntry("etc/").imagePath(), "trailing slash resolves whole");
  }

  @Test
  void delete_symlinkToOutside_removesLinkOnly() throws IOException {
    Files.createDirectories(sandbox.root().resolve("d"));
    Files.createSymbolicLink(sandbox.root().resolve("d/out"), outside);
    sandbox.delete("/d");
    assertFalse(Files.exists(sandbox.root().resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("keep", Files.readString(outside.resolve("keep")));
  }

  @Test
  void delete_readOnlyTree_isEmptied() throws IOException {
    Path d = Files.createDirectories(sandbox.root().resolve("ro/sub"));
    Files.writeString(d.resolve("f"), "x");
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-x------"));
    sandbox.delete("/ro");
    assertFalse(Files.exists(sandbox.root().resolve("ro")));
  }

  @Test
  void hostPath_uncleanPath_rejected() {
    // "/a/.." would be the root itself: delete("/a/..") must not empty the sandbox.
    assertThrows(IllegalArgumentException.class, () -> sandbox.hostPath("/a/.."));
    assertThrows(IllegalArgumentException.class, () -> sandbox.delete("/a/.."));
    assertThrows(IllegalArgumentException.class, () -> sandbox.hostPath("relative"));
    assertThrows(IOException.class, () -> sandbox.delete("/"));
  }

  @Test
  void metadata_followsInodeAndSubtreeDeletion() throws IOException {
    Files.createDirectories(sandbox.root().resolve("a/b"));
    Files.writeString(sandbox.root().resolve("a/b/f"), "x");
    Files.writeString(sandbox.root().resolve("a0"), "sibling sorting right after /a/");
    sandbox.setMetadata("/a/b/f", Metadata.of(04755, 7, 8, FileType.REGULAR));
    sandbox.setMetadata("/a0", Metadata.of(0600, 1, 1, FileType.REGULAR));
    assertEquals(04755, sandbox.stat("/a/b/f").orElseThrow().mode());
    sandbox.delete("/a");
    Files.createDirectories(sandbox.root().resolve("a/b"));
    Files.writeString(sandbox.root().resolve("a/b/f"), "new");
    assertEquals(0, sandbox.stat("/a/b/f").orElseThrow().uid(), "overlay forgotten on delete");
    assertEquals(1, sandbox.stat("/a0").orElseThrow().uid(), "sibling /a0 is not below /a");
  }

  @Test
  void walk_doesNotFollowLinks() throws IOException {
    Files.createDirectories(sandbox.root().resolve("d"));
    Files.createSymbolicLink(sandbox.root().resolve("d/out"), outside);
    List<String> paths = sandbox.walk("/").stream().map(SandboxEntry::path).toList();
    assertEquals(List.of("/", "/d", "/d/out"), paths);
    assertTrue(sandbox.stat("/d/out").orElseThrow().isSymlink());
  }
}
