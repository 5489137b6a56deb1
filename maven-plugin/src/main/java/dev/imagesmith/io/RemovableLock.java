package dev.imagesmith.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An exclusive lock between processes on a lock file that is deleted when the lock is released, so
 * that no empty {@code .oci.lock} stays beside the output.
 *
 * <p>Deleting a lock file is only safe if a holder checks, once it holds the lock, that the name
 * still leads to the file it locked: a process that opened the file before the last holder deleted
 * it would otherwise lock the deleted file while a newcomer locks a new one under the same name.
 * Java cannot compare the locked channel's inode with the name's, so the holder writes a random
 * token into the file it locked and reads the file the name leads to: only the same file holds that
 * token (nobody else writes it without holding its lock). When they differ, the holder lets go and
 * tries again on what the name now leads to. The file is opened as {@link HostFiles#openLockFile}
 * does: never through a link.
 *
 * <p>The channel that read the token stays open as long as the lock is held: the JDK's locks are
 * POSIX record locks, which the kernel drops when the process closes any descriptor of the file, so
 * closing that channel early would silently end the lock.
 */
public final class RemovableLock implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 16;
  private static final int MAX_ATTEMPTS = 10_000;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final FileChannel witness;

  private RemovableLock(Path file, FileChannel channel, FileLock lock, FileChannel witness) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.witness = witness;
  }

  /**
   * Waits until this process holds the lock named {@code file}. Threads of one JVM must be kept
   * apart by the caller (a JVM holds a file's lock once).
   */
  public static RemovableLock acquire(Path file) throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      FileChannel channel = HostFiles.openLockFile(file);
      boolean held = false;
      try {
        FileLock lock = channel.lock();
        byte[] token = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(token);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(token), 0);
        FileChannel witness = openHolding(file, token);
        if (witness != null) {
          held = true;
          return new RemovableLock(file, channel, lock, witness);
        }
        lock.release();
      } finally {
        if (!held) {
          channel.close();
        }
      }
    }
    throw new IOException(
        "could not lock " + file + ": it was replaced " + MAX_ATTEMPTS + " times while waiting");
  }

  /**
   * The file {@code file} names, opened, if it holds {@code token}; else {@code null}, with what
   * was opened closed again (another file than the one locked here, so no lock of ours ends).
   */
  private static FileChannel openHolding(Path file, byte[] token) throws IOException {
    FileChannel read;
    try {
      read = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException gone) {
      return null; // deleted by the holder before us: lock the next one
    } catch (FileSystemException link) {
      if (Files.isSymbolicLink(file)) {
        return null; // a link appeared at the name: openLockFile removes it on the next attempt
      }
      throw link;
    }
    ByteBuffer found = ByteBuffer.allocate(TOKEN_BYTES + 1);
    try {
      while (found.hasRemaining() && read.read(found) > 0) {
        // reads until the token and one byte more, or the end
      }
    } catch (IOException e) {
      read.close();
      throw e;
    }
    if (found.position() == TOKEN_BYTES
        && Arrays.equals(Arrays.copyOf(found.array(), TOKEN_BYTES), token)) {
      return read;
    }
    read.close();
    return null;
  }

  /** Deletes the lock file, then lets go of the lock. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      try {
        lock.release();
      } finally {
        try {
          channel.close();
        } finally {
          witness.close();
        }
      }
    }
  }
}
