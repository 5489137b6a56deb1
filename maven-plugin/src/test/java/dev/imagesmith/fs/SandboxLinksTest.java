package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links as the host holds them (safe for a host process) against links as the image holds them
 * (exactly as written), and what rewriting a link must keep.
 */
class SandboxLinksTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  @TempDir Path tmp;
  Sandbox sandbox;
  Path root;

  @BeforeEach
  void create() throws IOException {
    sandbox = Sandbox.create(tmp.resolve("root"));
    root = sandbox.root();
  }

  @Test
  void createSymlink_hostHoldsStageText_pluginSeesTargetAsWritten() throws IOException {
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc/alternatives"));
    Files.writeString(root.resolve("etc/alternatives/editor"), "ed");
    sandbox.createSymlink("/usr/bin/editor", "/etc/alternatives//editor");
    sandbox.createSymlink("/usr/bin/vi", "editor");

    assertEquals("../../etc/alternatives/editor", readlink("usr/bin/editor"));
    assertEquals("ed", Files.readString(root.resolve("usr/bin/editor")), "the kernel agrees");
    assertEquals("/etc/alternatives/editor", linkTarget("/usr/bin/editor"), "slashes as before");
    assertEquals("editor", readlink("usr/bin/vi"), "a downward link is not touched");
    assertEquals("/etc/alternatives/editor", sandbox.resolve("/usr/bin/vi").imagePath());
  }

  @Test
  void secureLinks_rewritesWhatAHostProcessWrote_keepingTimesModesAndMetadata() throws IOException {
    Path bin = Files.createDirectories(root.resolve("opt/bin"));
    Path tool = Files.createSymbolicLink(bin.resolve("tool"), Path.of("/usr/bin/tool"));
    Files.createSymbolicLink(bin.resolve("fine"), Path.of("../lib/x"));
    sandbox.setMetadata("/opt/bin/tool", Metadata.of(0777, 1000, 1000, FileType.SYMLINK));
    setTime(tool, OLD);
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("r-xr-xr-x"));
    setTime(bin, OLD);
    Object fine = inode("opt/bin/fine");

    sandbox.secureLinks();

    assertEquals("../../usr/bin/tool", readlink("opt/bin/tool"));
    assertEquals("/usr/bin/tool", linkTarget("/opt/bin/tool"));
    SandboxEntry entry = sandbox.stat("/opt/bin/tool").orElseThrow();
    assertEquals(1000, entry.uid(), "the overlay record follows the new inode");
    assertEquals(OLD.toInstant().getEpochSecond(), entry.mtimeSeconds());
    assertEquals(OLD, Files.getLastModifiedTime(bin, NOFOLLOW), "its directory's mtime too");
    assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(bin)));
    assertEquals(fine, inode("opt/bin/fine"), "a downward link is left alone");
    Object rewritten = inode("opt/bin/tool");
    sandbox.secureLinks();
    assertEquals(rewritten, inode("opt/bin/tool"), "a second pass changes nothing");
  }

  @Test
  void secureLinks_hardlinkedSymlink_oneInodeSafeFromTheShallowestName() throws IOException {
    Path deep = Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(deep.resolve("l"), Path.of("../../etc/passwd"));
    Files.createLink(root.resolve("h"), deep.resolve("l"));

    sandbox.secureLinks();

    assertEquals("etc/passwd", readlink("h"));
    assertEquals(inode("h"), inode("a/b/l"));
    assertEquals("../../etc/passwd", linkTarget("/a/b/l"));
    assertEquals("../../etc/passwd", linkTarget("/h"));
  }

  @Test
  void createHardlink_toSymlinkFromShallowerName_rewritesTheSharedText() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    sandbox.createSymlink("/a/b/l", "../../etc/passwd");
    assertEquals("../../etc/passwd", readlink("a/b/l"), "downward where it is");

    sandbox.hardlink("/h", "/a/b/l");

    assertEquals("etc/passwd", readlink("h"));
    assertEquals(inode("h"), inode("a/b/l"));
    assertEquals("../../etc/passwd", linkTarget("/h"));
    assertEquals("../../etc/passwd", linkTarget("/a/b/l"));
  }

  @Test
  void prepareForHostProcess_walksWhenSomethingElseMayHaveWrittenLinks() throws IOException {
    sandbox.prepareForHostProcess(); // a fresh stage: every link so far is the plugin's own
    Files.createSymbolicLink(root.resolve("by-the-process"), Path.of("/etc")); // what it ran did
    sandbox.prepareForHostProcess(); // the next process
    assertEquals("etc", readlink("by-the-process"));

    Files.createSymbolicLink(root.resolve("older"), Path.of("/usr"));
    Sandbox.create(root).prepareForHostProcess(); // a sandbox over files it did not write
    assertEquals("usr", readlink("older"));
  }

  @Test
  void aReplacedLink_isReadAsTheHostHoldsIt() throws IOException {
    sandbox.createSymlink("/x", "/etc");
    Files.delete(root.resolve("x"));
    Files.createSymbolicLink(root.resolve("x"), Path.of("usr")); // as a run step might
    assertEquals("usr", linkTarget("/x"), "the old record does not apply to the new link");
  }

  private String readlink(String relative) throws IOException {
    return Files.readSymbolicLink(root.resolve(relative)).toString();
  }

  private String linkTarget(String imagePath) throws IOException {
    return sandbox.stat(imagePath).orElseThrow().linkTarget();
  }

  private Object inode(String relative) throws IOException {
    return Files.getAttribute(root.resolve(relative), "unix:ino", NOFOLLOW);
  }

  private static void setTime(Path path, FileTime time) throws IOException {
    Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
        .setTimes(time, null, null);
  }
}
