package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for the plugin's own directories, and lock files opened without following. */
class OwnDirectoriesTest {
  @TempDir Path temp;

  @Test
  void ensure_createsEveryMissingComponent_andAcceptsRealDirectories() throws Exception {
    Path root = temp.resolve("target");
    Path deep = root.resolve("imagesmith-work/default/stages");
    assertEquals(deep, OwnDirectories.ensure(root, deep));
    assertTrue(Files.isDirectory(deep, LinkOption.NOFOLLOW_LINKS));
    assertEquals(deep, OwnDirectories.ensure(root, deep), "existing directories are fine");
    assertTrue(OwnDirectories.exists(root, deep));
    assertFalse(OwnDirectories.exists(root, deep.resolve("missing/below")));
    assertFalse(OwnDirectories.exists(temp.resolve("no-root"), temp.resolve("no-root/x")));
  }

  @Test
  void ensure_refusesALinkAtAnyComponentBelowTheRoot_evenDangling() throws Exception {
    Path root = Files.createDirectories(temp.resolve("target"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Path work = root.resolve("imagesmith-work");
    Files.createSymbolicLink(work, elsewhere);
    Path stages = work.resolve("default/stages");
    UserInputException e =
        assertThrows(UserInputException.class, () -> OwnDirectories.ensure(root, stages));
    assertEquals(
        work
            + " is a symbolic link (to "
            + elsewhere
            + ") where Imagesmith keeps a directory of its own; it never lists, deletes or"
            + " writes through a link. Remove it ('mvn clean' does, below target/) and build"
            + " again",
        e.getMessage());
    assertThrows(UserInputException.class, () -> OwnDirectories.exists(root, stages));
    assertEquals(0, Files.list(elsewhere).count(), "nothing created through the link");

    Files.delete(work);
    Files.createSymbolicLink(work, temp.resolve("dangling"));
    assertThrows(UserInputException.class, () -> OwnDirectories.ensure(root, stages));
    assertFalse(Files.exists(temp.resolve("dangling")), "mkdir never follows a dangling link");
  }

  @Test
  void ensure_refusesAFileWhereADirectoryBelongs() throws Exception {
    Path root = Files.createDirectories(temp.resolve("cache"));
    Files.writeString(root.resolve("layers"), "not a directory");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> OwnDirectories.ensure(root, root.resolve("layers/keys")));
    assertTrue(e.getMessage().startsWith(root.resolve("layers") + " is a file where"));
  }

  @Test
  void theRootItselfMayBeALink() throws Exception {
    Path real = Files.createDirectories(temp.resolve("tmpfs/target"));
    Path root = Files.createSymbolicLink(temp.resolve("target"), real);
    OwnDirectories.ensure(root, root.resolve("image"));
    assertTrue(Files.isDirectory(real.resolve("image"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void ensure_outsideTheRoot_isABug() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OwnDirectories.ensure(temp.resolve("a"), temp.resolve("b")));
  }

  @Test
  void trustedRoot_isTheBuildDirectoryForWhatLiesBelowIt_elseTheDirectoryItself() {
    Path build = temp.resolve("project/target");
    assertEquals(build, OwnDirectories.trustedRoot(build, build.resolve("image")));
    assertEquals(build, OwnDirectories.trustedRoot(build, build.resolve("a/../image")));
    Path elsewhere = temp.resolve("out/image");
    assertEquals(elsewhere, OwnDirectories.trustedRoot(build, elsewhere));
  }

  @Test
  void openLockFile_replacesALinkAndNeverCreatesThroughIt() throws Exception {
    Path victim = temp.resolve("victim-lock");
    Path lock = Files.createSymbolicLink(temp.resolve(".oci.lock"), victim);
    try (FileChannel channel = HostFiles.openLockFile(lock)) {
      channel.lock().release();
    }
    assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS));
    try (FileChannel channel = HostFiles.openLockFile(lock)) {
      channel.lock().release(); // an existing lock file is simply opened
    }
  }

  /** Security case W12: a lock file's name holds a FIFO instead of a dangling link. */
  @Test
  void openLockFile_refusesAFifo_whichWouldBlockTheOpen() throws Exception {
    Path fifo = temp.resolve(".image.tar.lock");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    UserInputException e =
        assertThrows(UserInputException.class, () -> HostFiles.openLockFile(fifo));
    assertTrue(e.getMessage().startsWith(fifo + " is not a file"), e.getMessage());
  }
}
