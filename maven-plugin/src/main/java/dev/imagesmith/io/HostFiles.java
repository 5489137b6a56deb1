package dev.imagesmith.io;

import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Host-file operations every package needs, done once and done safely (never following links). */
public final class HostFiles {
  private static final PosixFilePermission[] BY_BIT = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  private HostFiles() {}

  /**
   * The nine permission bits of {@code mode}; setuid, setgid and sticky cannot be expressed here.
   */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(BY_BIT[bit]);
      }
    }
    return permissions;
  }

  /**
   * Deletes {@code root} and everything below it without following links (a symlink is removed,
   * never its target) and without recursion (no depth limit). Directories an image made read-only
   * are opened for their owner first; files are only unlinked, never changed: one may be another
   * name of a project file (a copy-only stage links them, {@code stage.SourceLinks}). Missing is
   * not an error.
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(PosixFilePermissions.fromString("rwx------"));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Opens (creating it if missing) a lock file of ours for writing, never through a link: a link at
   * its name, dangling or not, is removed as a link first, and the file is opened with {@code
   * O_NOFOLLOW}, so a link that appears in between fails the open instead of being followed. A
   * directory or special file at its name (a FIFO would block the open) is refused.
   */
  public static FileChannel openLockFile(Path file) throws IOException {
    // One lstat: the file may be deleted at any moment by the holder of a RemovableLock.
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException missing) {
      attributes = null;
    }
    if (attributes != null && attributes.isSymbolicLink()) {
      Files.deleteIfExists(file); // unlink(2) removes the link, never its target
    } else if (attributes != null && !attributes.isRegularFile()) {
      throw new UserInputException(
          file
              + " is not a file, but Imagesmith keeps its lock file there; remove it and build"
              + " again");
    }
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }
}
