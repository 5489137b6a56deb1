package dev.imagesmith.store;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A published directory (an OCI layout) put in place whole: filled under a temporary name beside
 * it, fsynced, then swapped in with two renames (the old one aside, the new one in) under the
 * target's {@link TargetLock}. A reader sees the old directory, the new one or, for the instant
 * between the two renames, none; never a half-filled one.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /**
   * Fills a temporary directory (mode 0755), then puts it in place of {@code target}. An existing
   * target is replaced only if it is empty or holds {@code marker}, so a mistyped output path never
   * deletes a user's directory.
   *
   * @param filler fills the temporary directory, which exists; it makes its content durable
   */
  public static void replace(Path target, String marker, AtomicFile.Filler filler)
      throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    TargetLock.run(absolute, () -> replaceLocked(absolute, marker, filler));
  }

  private static void replaceLocked(Path target, String marker, AtomicFile.Filler filler)
      throws IOException {
    boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (exists) {
      checkReplaceable(target, marker);
    }
    Path parent = target.getParent();
    Path temp = parent.resolve(TempNames.next(target.getFileName().toString()));
    try {
      Files.createDirectory(temp);
      AtomicFile.setMode(temp, 0755);
      filler.fill(temp);
      AtomicFile.syncDirectory(temp);
      if (exists) {
        Path old = parent.resolve(TargetLock.oldPrefix(target) + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        HostFiles.deleteTree(old);
      } else {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      AtomicFile.syncDirectory(parent);
    } finally {
      if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
        HostFiles.deleteTree(temp);
      }
    }
  }

  private static void checkReplaceable(Path target, String marker) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "output directory "
              + target
              + " exists and is not a directory; remove it or choose another output path");
    }
    boolean empty;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      empty = !entries.iterator().hasNext();
    }
    if (!empty && !Files.isRegularFile(target.resolve(marker), LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "output directory "
              + target
              + " exists and is not an image output (no '"
              + marker
              + "' file); refusing to replace it. Remove it or choose another output path");
    }
  }
}
