package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host-mode {@code run} step's {@code chmod} of an object the metadata overlay has a record for
 * (a setuid program from a package, a file owned by another user): the image shows the mode the
 * command gave it, with the record's owner, as a real root file system would; before, the record's
 * old mode hid the change, and a {@code chmod u-s} left the program setuid in the image.
 */
class SandboxMetadataChmodTest {
  @TempDir Path dir;
  private Sandbox sandbox;

  @BeforeEach
  void stage() throws Exception {
    sandbox = Sandbox.create(Files.createDirectories(dir.resolve("stage")));
    Files.writeString(sandbox.hostPath("/tool"), "#!/bin/sh\n");
    sandbox.setMetadata("/tool", Metadata.of(04755, 1000, 1000, FileType.REGULAR));
    Files.createDirectories(sandbox.hostPath("/share"));
    sandbox.setMetadata("/share", Metadata.of(0555, 0, 50, FileType.DIRECTORY));
    Files.writeString(sandbox.hostPath("/kept"), "kept");
    sandbox.setMetadata("/kept", Metadata.of(02711, 0, 42, FileType.REGULAR));
  }

  /** Runs {@code command} on the host in the stage, as a host-mode run step does. */
  private void hostCommand(String command) throws Exception {
    try (Closeable bracket = sandbox.hostCommand()) {
      Process process =
          new ProcessBuilder("/bin/sh", "-c", command)
              .directory(sandbox.root().toFile())
              .inheritIO()
              .start();
      process.waitFor(30, TimeUnit.SECONDS);
      assertEquals(0, process.exitValue());
    }
  }

  @Test
  void chmodOfARecordedFile_givesTheImageTheNewMode_ownerKept() throws Exception {
    hostCommand("chmod 0700 tool && chmod 0750 share");

    SandboxEntry tool = sandbox.stat("/tool").orElseThrow();
    assertEquals(0700, tool.mode(), Integer.toOctalString(tool.mode()));
    assertEquals(1000, tool.uid());
    assertEquals(1000, tool.gid());
    SandboxEntry share = sandbox.stat("/share").orElseThrow();
    assertEquals(0750, share.mode(), Integer.toOctalString(share.mode()));
    assertEquals(50, share.gid());
    // Untouched by the command: the record as it was, its mode never read off the disk.
    SandboxEntry kept = sandbox.stat("/kept").orElseThrow();
    assertEquals(02711, kept.mode(), Integer.toOctalString(kept.mode()));
    assertEquals(42, kept.gid());
  }

  /**
   * A command that deletes a recorded object and makes another at its path: ext4 hands the freed
   * inode number to the next file made at once, and the new file took the old one's record, a
   * setuid program's mode and owner on a file the command wrote. While the command runs, every
   * recorded inode is pinned, so the new objects are new inodes with no record, as on a real root
   * (security case H9).
   */
  @Test
  void objectsMadeInPlaceOfRecordedOnes_getNoneOfTheirRecords() throws Exception {
    Files.createSymbolicLink(sandbox.hostPath("/link"), Path.of("tool"));
    sandbox.setMetadata("/link", Metadata.of(0777, 1000, 1000, FileType.SYMLINK));
    Object toolBefore = Files.getAttribute(sandbox.hostPath("/tool"), "unix:ino");

    hostCommand(
        "rm tool && printf 'new' > tool && chmod 0644 tool"
            + " && rmdir share && mkdir share && chmod 0755 share"
            + " && rm link && ln -s kept link");

    assertNotEquals(toolBefore, Files.getAttribute(sandbox.hostPath("/tool"), "unix:ino"));
    SandboxEntry tool = sandbox.stat("/tool").orElseThrow();
    assertEquals(0644, tool.mode(), Integer.toOctalString(tool.mode()));
    assertEquals(0, tool.uid());
    assertEquals(0, tool.gid());
    SandboxEntry share = sandbox.stat("/share").orElseThrow();
    assertEquals(0755, share.mode(), Integer.toOctalString(share.mode()));
    assertEquals(0, share.gid());
    assertEquals(0, sandbox.stat("/link").orElseThrow().uid());
    // The pins are gone with the command: nothing beside the sandbox, each inode one name again.
    try (var beside = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("stage")), beside.toList());
    }
    assertEquals(1, Files.getAttribute(sandbox.hostPath("/kept"), "unix:nlink"));
    SandboxEntry kept = sandbox.stat("/kept").orElseThrow();
    assertEquals(02711, kept.mode(), Integer.toOctalString(kept.mode()));
  }
}
