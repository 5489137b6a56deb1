package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.RemovableLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes an output under a temporary name beside its target and moves it into place, so no reader
 * ever sees half an output (security-cases.md O1, O2). A lock file beside the target serialises
 * writers of the same target across processes (and a lock object across threads of this JVM), and
 * is deleted with the lock ({@link RemovableLock}); under that lock, temporaries left by a killed
 * earlier run are removed.
 */
final class AtomicOutput {
  interface Filler {
    void fill(Path temporary) throws IOException;
  }

  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private AtomicOutput() {}

  /** Fills a temporary file, then atomically moves it over {@code target}. */
  static void replaceFile(Path target, Filler filler) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "output file " + absolute + " is a directory; choose a file name for the archive");
    }
    withLock(
        absolute,
        () -> {
          Path temp = Files.createTempFile(absolute.getParent(), tempPrefix(absolute), "");
          try {
            setMode(temp, "rw-r--r--");
            filler.fill(temp);
            force(temp, false);
            Files.move(
                temp,
                absolute,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            force(absolute.getParent(), true);
          } finally {
            Files.deleteIfExists(temp);
          }
        });
  }

  /**
   * Fills a temporary directory, then puts it in place of {@code target}. An existing target is
   * replaced only if it is empty or holds {@code marker} (so a mistyped output path never deletes a
   * user's directory).
   */
  static void replaceDirectory(Path target, String marker, Filler filler) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    withLock(
        absolute,
        () -> {
          boolean exists = Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
          if (exists) {
            checkReplaceable(absolute, marker);
          }
          Path temp = Files.createTempDirectory(absolute.getParent(), tempPrefix(absolute));
          try {
            setMode(temp, "rwxr-xr-x");
            filler.fill(temp);
            force(temp, true);
            if (exists) {
              Path old = Files.createTempDirectory(absolute.getParent(), oldPrefix(absolute));
              Files.delete(old);
              Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
              Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
              HostFiles.deleteTree(old);
            } else {
              Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            }
            force(absolute.getParent(), true);
          } finally {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
              HostFiles.deleteTree(temp);
            }
          }
        });
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

  private interface IoAction {
    void run() throws IOException;
  }

  private static void withLock(Path target, IoAction action) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, k -> new ReentrantLock());
    jvmLock.lock();
    // The lock file goes with the lock: no empty .oci.lock stays beside the outputs.
    try (RemovableLock ignored =
        RemovableLock.acquire(parent.resolve("." + target.getFileName() + ".lock"))) {
      removeStaleTemporaries(target);
      action.run();
    } finally {
      jvmLock.unlock();
    }
  }

  private static String tempPrefix(Path target) {
    return "." + target.getFileName() + ".tmp-";
  }

  private static String oldPrefix(Path target) {
    return "." + target.getFileName() + ".old-";
  }

  /** Residue of a run killed mid-write; safe to remove because we hold the lock. */
  private static void removeStaleTemporaries(Path target) throws IOException {
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent())) {
      for (Path sibling : siblings) {
        String name = sibling.getFileName().toString();
        if (name.startsWith(tempPrefix(target)) || name.startsWith(oldPrefix(target))) {
          HostFiles.deleteTree(sibling);
        }
      }
    }
  }

  /** Modes fixed by us, not by the host's umask. */
  static void setMode(Path path, String mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view != null) {
      view.setPermissions(PosixFilePermissions.fromString(mode));
    }
  }

  /** Flushes to disk; a directory fsync is best effort (not every platform allows it). */
  static void force(Path path, boolean directory) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!directory) {
        throw e;
      }
    }
  }
}
