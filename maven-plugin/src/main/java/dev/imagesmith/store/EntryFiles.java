package dev.imagesmith.store;

import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens the files of a store. Only a regular file is opened ({@link UntrustedFiles#check}: a link,
 * a FIFO or a device is refused with an error that names it), with {@code O_NOFOLLOW} (a link
 * swapped in after the check fails the open). Unlike {@link UntrustedFiles#open}, a file that was
 * replaced by another between the check and the open is fine: in a store shared by builds running
 * at once, another build renaming the same entry into place is normal, and what is read is checked
 * anyway (a content entry against its digest, a keyed file against its seal or checksum).
 */
final class EntryFiles {
  private EntryFiles() {}

  static InputStream open(UntrustedFiles reader, Path file) throws IOException {
    reader.check(file, Long.MAX_VALUE);
    return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The whole file, which may hold at most {@code cap} bytes (checked before and while reading).
   */
  static byte[] read(UntrustedFiles reader, Path file, int cap) throws IOException {
    reader.check(file, cap);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > cap) {
        reader.check(file, cap); // grew since: the check names it and its size
        throw new IOException(file + " grew past " + cap + " bytes while it was read");
      }
      return bytes;
    }
  }
}
