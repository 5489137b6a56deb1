package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostFiles#deleteTree} changes nothing but the tree's own directories: a file in it may be
 * another name of a project file (a copy-only stage links them), which keeps its mode, bytes and
 * mtime.
 */
class HostFilesDeleteTreeTest {
  @TempDir Path temp;

  @Test
  void deleteTree_unlinksFiles_neverChangesThem_evenInReadOnlyDirectories() throws Exception {
    Path project = Files.writeString(temp.resolve("project-file"), "the project's bytes");
    Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("r--r-----"));
    Files.setLastModifiedTime(project, FileTime.fromMillis(1_000_000_000L));
    Path tree = Files.createDirectories(temp.resolve("stage/app/bin"));
    Files.createLink(tree.resolve("linked"), project);
    Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("r-x------"));
    List<Object> before = identity(project);

    HostFiles.deleteTree(temp.resolve("stage"));

    assertFalse(Files.exists(temp.resolve("stage")));
    assertEquals(before, identity(project));
    assertEquals(1, (int) Files.getAttribute(project, "unix:nlink"));
  }

  private static List<Object> identity(Path file) throws Exception {
    return List.of(
        Files.readString(file),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        Files.getLastModifiedTime(file));
  }
}
