package dev.imagesmith.fs.archive;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.io.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NotDirectoryException;

/**
 * Reads an archive entry by entry into a {@link Sink}, for every kind of archive and consumer: the
 * entry count is limited, a body the sink did not read is drained (and counted), one it read must
 * end where its header said, and every failure that is the archive's fault becomes one {@link
 * UserInputException} naming the archive and the entry.
 */
final class ItemLoop {
  /** Takes the entries of one archive, in order. */
  interface Sink {
    /**
     * Takes one entry; {@code content} is positioned at its data. Returns true if it read exactly
     * the entry's declared content, false if the loop must drain the body.
     */
    boolean accept(ArchiveItem item, InputStream content) throws IOException;

    /** Content bytes the loop read past, for the sink's budget. */
    void skipped(long bytes) throws IOException;

    /** Called once after the last entry and the archive's end were read. */
    default void end() throws IOException {}
  }

  private ItemLoop() {}

  /** Reads {@code source} to its end into {@code sink}, then closes it. */
  static void run(String where, ItemSource source, Sink sink, ExtractLimits limits)
      throws IOException {
    String entryName = null;
    boolean inEntry = false;
    try (source) {
      long count = 0;
      while (true) {
        inEntry = false;
        ArchiveItem item = source.next();
        if (item == null) {
          break;
        }
        entryName = item.name();
        inEntry = true;
        if (++count > limits.maxEntries()) {
          throw new BadEntryException(
              "the archive has more than the limit of " + limits.maxEntries() + " entries");
        }
        boolean consumed = sink.accept(item, source.content());
        InputStream rest = source.content();
        if (consumed) {
          if (readOrCorrupt(rest) >= 0) {
            throw new BadEntryException("entry data is longer than its declared size");
          }
        } else {
          drain(rest, sink);
        }
      }
      inEntry = false;
      source.finish();
      sink.end();
    } catch (BadEntryException e) {
      throw failure(where, entryName, inEntry, e);
    } catch (FileSystemLoopException e) {
      throw failure(
          where,
          entryName,
          inEntry,
          new BadEntryException("symbolic link loop (more than 255 links) in the name", e));
    } catch (NotDirectoryException e) {
      throw failure(
          where, entryName, inEntry, new BadEntryException("a parent is not a directory", e));
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("File name too long")) {
        throw failure(
            where, entryName, inEntry, new BadEntryException("name too long for the host", e));
      }
      throw new IOException(LogText.escape(where + ", entry " + entryName + ": " + e), e);
    }
  }

  private static int readOrCorrupt(InputStream in) throws BadEntryException {
    try {
      return in.read();
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt archive data: " + e, e);
    }
  }

  private static void drain(InputStream in, Sink sink) throws IOException {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sink.skipped(n);
      }
    } catch (BadEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt archive data: " + e, e);
    }
  }

  /** The one message of a bad archive: where, which entry, why, and what to do. */
  static UserInputException failure(
      String where, String entryName, boolean inEntry, BadEntryException e) {
    String position;
    if (entryName == null) {
      position = inEntry ? "" : " at its start";
    } else {
      position = inEntry ? ", entry " + entryName : ", after entry " + entryName;
    }
    // One line, whatever the archive's names hold: they are escaped, never printed raw (M4).
    return new UserInputException(
        LogText.escape(
            where
                + position
                + ": "
                + e.getMessage()
                + ". The archive is damaged or unsafe; rebuild it or use a trusted copy."),
        e);
  }
}
