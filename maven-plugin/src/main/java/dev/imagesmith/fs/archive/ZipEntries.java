package dev.imagesmith.fs.archive;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A zip read entry by entry for its content rather than extracted (the project stage lays out a
 * Spring Boot jar itself). Opening it makes the checks an extracted zip gets before any entry is
 * read: the central directory is the one listing (P29), every local header carries its central
 * name, no two entries share bytes and there are at most {@code maxEntries} (R6). Each entry's
 * content must then hold exactly the size the central directory states: a deflated entry that
 * expands past it fails at the first byte too many, never fills the disk.
 *
 * <p>Every fault of the archive is a {@link UserInputException} naming {@code where} and the entry.
 */
public final class ZipEntries implements Closeable {
  private static final int BUFFER = 64 * 1024;

  private final ZipItemSource source;
  private final String where;
  private ArchiveItem current;

  private ZipEntries(ZipItemSource source, String where) {
    this.source = source;
    this.where = where;
  }

  /**
   * @param where names the archive in errors ({@code "the Spring Boot jar target/app.jar"})
   */
  public static ZipEntries open(Path zip, String where, ExtractLimits limits) throws IOException {
    try {
      return new ZipEntries(ZipItemSource.open(zip, limits), where);
    } catch (BadEntryException e) {
      throw ItemLoop.failure(where, null, false, e);
    }
  }

  /** The next entry in central directory order, or {@code null} after the last. */
  public ArchiveItem next() throws IOException {
    try {
      current = source.next();
      return current;
    } catch (BadEntryException e) {
      throw ItemLoop.failure(where, null, true, e);
    }
  }

  /**
   * Copies the current entry's content to {@code out}.
   *
   * @return the bytes copied, which are the size its central record states
   * @throws UserInputException when the content is longer or shorter than that, or corrupt
   */
  public long copyTo(OutputStream out) throws IOException {
    long declared = current.size();
    long copied = 0;
    byte[] buffer = new byte[BUFFER];
    InputStream in = read(() -> source.content());
    while (true) {
      // One byte past the declared size is enough to know it lies.
      int want = (int) Math.min(buffer.length, declared - copied + 1);
      int n = read(() -> in.read(buffer, 0, want));
      if (n < 0) {
        break;
      }
      copied += n;
      if (copied > declared) {
        throw bad(
            "the content is longer than the " + declared + " bytes its central record states");
      }
      out.write(buffer, 0, n); // a fault here is the host's disk, not the archive's
    }
    if (copied != declared) {
      throw bad(
          "the content has "
              + copied
              + " bytes, not the "
              + declared
              + " its central record states");
    }
    return copied;
  }

  private interface Read<T> {
    T get() throws IOException;
  }

  /** Runs one read of the archive; its failures are the archive's fault. */
  private <T> T read(Read<T> read) throws IOException {
    try {
      return read.get();
    } catch (BadEntryException e) {
      throw ItemLoop.failure(where, current.name(), true, e);
    } catch (IOException | RuntimeException e) {
      throw bad("corrupt content: " + e.getMessage());
    }
  }

  private UserInputException bad(String reason) {
    return ItemLoop.failure(where, current.name(), true, new BadEntryException(reason));
  }

  /**
   * The current entry's content, when it is at most {@code max} bytes (a manifest, an index).
   *
   * @throws UserInputException when it is larger, or corrupt
   */
  public byte[] readSmall(int max) throws IOException {
    if (current.size() > max) {
      throw bad("it states " + current.size() + " bytes, more than the " + max + " allowed for it");
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    copyTo(bytes);
    return bytes.toByteArray();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
