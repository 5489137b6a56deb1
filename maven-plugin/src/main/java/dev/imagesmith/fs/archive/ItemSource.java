package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A parsed archive, read one entry at a time in archive order. Protocol: {@link #next()}, then read
 * (part of) {@link #content()}, then {@link #next()} again; once {@code next()} returned {@code
 * null}, {@link #finish()} reads what is left of the input so a digest over it is complete.
 */
interface ItemSource extends Closeable {
  /** The next entry, or {@code null} at the end of the archive. */
  ArchiveItem next() throws IOException;

  /** The current entry's content; not closed by the caller. */
  InputStream content() throws IOException;

  /** Reads the input to its end (trailing bytes after the archive are allowed). */
  default void finish() throws IOException {}
}
