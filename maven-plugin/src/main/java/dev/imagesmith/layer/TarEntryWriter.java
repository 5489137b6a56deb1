package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes {@link PlannedEntry}s to a tar stream with every header field set explicitly: the {@code
 * TarArchiveEntry} constructors stamp the current time and may copy the host user's name, so
 * nothing is left to their defaults. PAX extended headers carry long names, non-ASCII names, big
 * numbers and {@code SCHILY.xattr.*} records; atime and ctime are never written.
 */
final class TarEntryWriter {
  /** One 512-byte record per block: the archive ends with two zero records and no padding. */
  private static final int BLOCK_SIZE = 512;

  private final TarArchiveOutputStream tar;

  TarEntryWriter(OutputStream out) {
    tar = new TarArchiveOutputStream(out, BLOCK_SIZE, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  void write(PlannedEntry entry) throws IOException {
    TarArchiveEntry header = header(entry);
    tar.putArchiveEntry(header);
    if (entry.source() != null && entry.size() > 0) {
      try (InputStream in = Files.newInputStream(entry.source(), LinkOption.NOFOLLOW_LINKS)) {
        in.transferTo(tar);
      } catch (IOException e) {
        throw new IOException(
            "could not copy " + entry.path() + " into the layer (changed while writing?)", e);
      }
    }
    tar.closeArchiveEntry();
  }

  /** Writes the end-of-archive records and closes the stream below. */
  void close() throws IOException {
    tar.finish();
    tar.close();
  }

  private static TarArchiveEntry header(PlannedEntry entry) {
    // Names are relative ("install/bin/hello"); directories end with '/'.
    String name = entry.path().substring(1) + (entry.type() == FileType.DIRECTORY ? "/" : "");
    TarArchiveEntry header = new TarArchiveEntry(name, linkFlag(entry), true);
    header.setMode(entry.mode());
    header.setUserId(entry.uid());
    header.setGroupId(entry.gid());
    header.setUserName("");
    header.setGroupName("");
    header.setLastModifiedTime(FileTime.from(entry.mtimeSeconds(), TimeUnit.SECONDS));
    header.setSize(entry.isHardlink() ? 0 : entry.size());
    if (entry.isHardlink()) {
      header.setLinkName(entry.hardlinkTarget().substring(1));
    } else if (entry.symlinkTarget() != null) {
      header.setLinkName(entry.symlinkTarget());
    }
    header.setDevMajor(deviceNumber(entry, entry.devMajor()));
    header.setDevMinor(deviceNumber(entry, entry.devMinor()));
    for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
      header.addPaxHeader("SCHILY.xattr." + xattr.getKey(), utf8(entry, xattr));
    }
    return header;
  }

  private static byte linkFlag(PlannedEntry entry) {
    if (entry.isHardlink()) {
      return TarConstants.LF_LINK;
    }
    return switch (entry.type()) {
      case DIRECTORY -> TarConstants.LF_DIR;
      case REGULAR -> TarConstants.LF_NORMAL;
      case SYMLINK -> TarConstants.LF_SYMLINK;
      case CHAR_DEVICE -> TarConstants.LF_CHR;
      case BLOCK_DEVICE -> TarConstants.LF_BLK;
      case FIFO -> TarConstants.LF_FIFO;
    };
  }

  private static int deviceNumber(PlannedEntry entry, long number) {
    if (number < 0 || number > Integer.MAX_VALUE) {
      throw new UserInputException(
          entry.path()
              + ": device number "
              + number
              + " is out of range (0 to "
              + Integer.MAX_VALUE
              + "); fix the metadata recorded for it.");
    }
    return (int) number;
  }

  /**
   * Commons Compress writes PAX values as UTF-8 strings, so a value that is not valid UTF-8 cannot
   * be written byte-faithfully; refuse it rather than store a mangled capability.
   */
  private static String utf8(PlannedEntry entry, Map.Entry<String, byte[]> xattr) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(xattr.getValue()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UserInputException(
          entry.path()
              + ": extended attribute "
              + xattr.getKey()
              + " has a binary value that cannot be written as a PAX record yet; remove the"
              + " attribute from the stage or ask for binary xattr support.");
    }
  }
}
