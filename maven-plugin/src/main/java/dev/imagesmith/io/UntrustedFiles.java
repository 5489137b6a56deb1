package dev.imagesmith.io;

import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * The one way to read a file of an input the plugin did not write (an OCI layout's {@code
 * index.json} and blobs, a lock file, a cache pointer): only a regular file is opened, its type is
 * checked before it is opened (opening a FIFO for reading blocks until someone writes to it), it is
 * opened with {@code O_NOFOLLOW} where links are refused, and after opening the path must still
 * name the very file that was checked (same device and inode), so a file swapped in between is
 * refused too. A file read whole has a size cap, checked before reading and again while reading.
 *
 * <p>Two kinds of file: one <em>inside</em> an input (a layout's {@code index.json}) must itself be
 * a regular file, never a link, because a link there would let whoever made the input read the
 * builder's files (a token linked as {@code index.json}); a file the user <em>named</em> (a keyring
 * in the POM) may be reached through links, which are the user's choice, but must lead to a regular
 * file.
 *
 * <p>Java cannot {@code fstat} an open channel, hence the identity check through the path after
 * opening. What remains is a race only someone writing the directory at the same moment can win:
 * swapping a FIFO in between the check and the open still blocks the build.
 *
 * <p>Errors are {@link UserInputException}s that name the file, say what it is instead, and how to
 * fix it; none quotes the file's content. A missing file is a {@link NoSuchFileException}, which
 * the caller explains in its own words.
 */
public final class UntrustedFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final String where;
  private final String fix;
  private final boolean followLinks;

  private UntrustedFiles(String where, String fix, boolean followLinks) {
    this.where = where;
    this.fix = fix;
    this.followLinks = followLinks;
  }

  /**
   * Files inside an input: links are refused.
   *
   * @param where names the input in errors, e.g. {@code "oci:/tmp/base:1"}
   * @param fix what the user can do about a file that is not a regular file
   */
  public static UntrustedFiles inside(String where, String fix) {
    return new UntrustedFiles(where, fix, false);
  }

  /** A file the user named: links are followed, but must lead to a regular file. */
  public static UntrustedFiles named(String where, String fix) {
    return new UntrustedFiles(where, fix, true);
  }

  /**
   * The file's attributes, if it is a regular file of at most {@code cap} bytes; nothing is opened.
   *
   * @throws NoSuchFileException if there is no such file
   */
  public BasicFileAttributes check(Path file, long cap) throws IOException {
    BasicFileAttributes attributes = attributes(file);
    if (!attributes.isRegularFile()) {
      throw new UserInputException(
          where + ": " + file + " is " + kind(file, attributes) + ", not a regular file; " + fix);
    }
    if (attributes.size() > cap) {
      throw tooLarge(file, attributes.size(), cap);
    }
    return attributes;
  }

  /** Opens the regular file for reading (after {@link #check}ing it, without a size cap). */
  public InputStream open(Path file) throws IOException {
    return Channels.newInputStream(openChannel(file, check(file, Long.MAX_VALUE)));
  }

  /** The whole file, which may hold at most {@code cap} bytes. */
  public byte[] read(Path file, int cap) throws IOException {
    BasicFileAttributes checked = check(file, cap);
    try (InputStream in = Channels.newInputStream(openChannel(file, checked))) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > cap) {
        throw tooLarge(file, bytes.length, cap); // it grew since it was checked
      }
      return bytes;
    }
  }

  private FileChannel openChannel(Path file, BasicFileAttributes checked) throws IOException {
    Set<OpenOption> options =
        followLinks ? Set.of(StandardOpenOption.READ) : Set.of(StandardOpenOption.READ, NOFOLLOW);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, options);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (FileSystemException e) {
      // O_NOFOLLOW refused a link that appeared after the check (ELOOP): say so, not "I/O error".
      throw changed(file, e);
    }
    try {
      BasicFileAttributes now = attributes(file);
      if (!now.isRegularFile() || !Objects.equals(now.fileKey(), checked.fileKey())) {
        throw changed(file, null);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private BasicFileAttributes attributes(Path file) throws IOException {
    return followLinks
        ? Files.readAttributes(file, BasicFileAttributes.class)
        : Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
  }

  private UserInputException tooLarge(Path file, long size, long cap) {
    return new UserInputException(
        where
            + ": "
            + file
            + " is "
            + size
            + " bytes, more than the "
            + cap
            + " bytes such a file may have; it is not what it should be");
  }

  private UserInputException changed(Path file, Exception cause) {
    return new UserInputException(
        where
            + ": "
            + file
            + " was replaced while it was being opened (it is a link or no longer the file that"
            + " was checked); make sure nothing changes the directory during the build, and "
            + fix,
        cause);
  }

  private String kind(Path file, BasicFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (attributes.isDirectory()) {
      return "a directory";
    }
    int mode;
    try {
      LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {NOFOLLOW};
      mode = (Integer) Files.getAttribute(file, "unix:mode", options);
    } catch (IOException | RuntimeException e) {
      return "a special file";
    }
    return switch (mode & 0170000) {
      case 0010000 -> "a named pipe (FIFO)";
      case 0140000 -> "a socket";
      case 0020000, 0060000 -> "a device";
      default -> "a special file";
    };
  }
}
