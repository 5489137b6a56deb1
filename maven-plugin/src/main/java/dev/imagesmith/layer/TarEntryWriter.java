package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.inspect.WrittenFiles;
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
 * Writes {@link ArchiveItem}s to a tar stream with every header field set explicitly: the {@code
 * TarArchiveEntry} constructors stamp the current time and may copy the host user's name, so
 * nothing is left to their defaults. PAX extended headers carry long names, non-ASCII names, big
 * numbers and {@code SCHILY.xattr.*} records (binary values through {@link RawPaxHeader}); atime
 * and ctime are never written.
 */
final class TarEntryWriter {
  /** One 512-byte record per block: the archive ends with two zero records and no padding. */
  private static final int BLOCK_SIZE = 512;

  private static final String XATTR_PREFIX = "SCHILY.xattr.";
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final long MAX_OCTAL_7 = 07777777L;

  private final TarArchiveOutputStream tar;
  private final byte[] copyBuffer = new byte[128 * 1024];

  private final CancelCheck cancel;

  /** Where each file's first bytes go as they are read; {@code null}: nowhere. */
  private final WrittenFiles written;

  TarEntryWriter(OutputStream out) {
    this(out, CancelCheck.NEVER, null);
  }

  /**
   * A writer that asks {@code cancel} before each entry and each piece of a file's content, and
   * gives {@code written} (unless {@code null}) the first bytes of each file it reads.
   */
  TarEntryWriter(OutputStream out, CancelCheck cancel, WrittenFiles written) {
    this.cancel = cancel;
    this.written = written;
    tar = new TarArchiveOutputStream(out, BLOCK_SIZE, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  void write(ArchiveItem entry) throws IOException {
    cancel.check();
    TarArchiveEntry header = header(entry);
    if (hasBinaryXattr(entry)) {
      writeOwnPaxHeader(entry, header);
    } else {
      for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
        header.addPaxHeader(
            XATTR_PREFIX + xattr.getKey(), new String(xattr.getValue(), StandardCharsets.UTF_8));
      }
      tar.putArchiveEntry(header);
    }
    if (entry.source() != null && entry.size() > 0) {
      try (InputStream in = Files.newInputStream(entry.source(), LinkOption.NOFOLLOW_LINKS)) {
        byte[] head =
            written == null
                ? null
                : new byte[(int) Math.min(entry.size(), WrittenFiles.HEAD_BYTES)];
        int headRead = 0;
        // Larger reads than transferTo's 8 KiB: fewer system calls on the producer thread, which
        // is the one thread compression cannot spread.
        for (int n; (n = in.read(copyBuffer)) > 0; ) {
          if (head != null && headRead < head.length) {
            int taken = Math.min(n, head.length - headRead);
            System.arraycopy(copyBuffer, 0, head, headRead, taken);
            headRead += taken;
          }
          tar.write(copyBuffer, 0, n);
          cancel.check();
        }
        if (head != null && headRead == head.length) {
          written.putHead(entry.source(), head);
        }
      } catch (CancelCheck.Cancelled e) {
        throw e;
      } catch (IOException e) {
        throw new IOException(
            "could not copy " + entry.name() + " into the layer (changed while writing?)", e);
      }
    }
    tar.closeArchiveEntry();
  }

  /**
   * Writes an entry whose xattrs are not all UTF-8 (a binary {@code security.capability}): one
   * extended header of ours carries every record the entry needs, with raw value bytes, and the
   * ustar header below gets an ASCII stand-in name and star-style big numbers, so that Commons
   * Compress adds no second extended header (readers keep only the last one).
   */
  private void writeOwnPaxHeader(ArchiveItem entry, TarArchiveEntry header) throws IOException {
    RawPaxHeader pax = new RawPaxHeader().put("path", header.getName());
    if (!header.getLinkName().isEmpty()) {
      pax.put("linkpath", header.getLinkName());
      header.setLinkName(asciiStandIn(header.getLinkName(), false));
    }
    putIfBeyond(pax, "size", header.getSize(), MAX_OCTAL_11);
    putIfBeyond(pax, "mtime", entry.mtimeSeconds(), MAX_OCTAL_11);
    putIfBeyond(pax, "uid", entry.uid(), MAX_OCTAL_7);
    putIfBeyond(pax, "gid", entry.gid(), MAX_OCTAL_7);
    putIfBeyond(pax, "SCHILY.devmajor", entry.devMajor(), MAX_OCTAL_7);
    putIfBeyond(pax, "SCHILY.devminor", entry.devMinor(), MAX_OCTAL_7);
    for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
      pax.put(XATTR_PREFIX + xattr.getKey(), xattr.getValue());
    }
    header.setName(asciiStandIn(header.getName(), entry.type() == FileType.DIRECTORY));
    byte[] body = pax.toBytes();
    TarArchiveEntry extended =
        new TarArchiveEntry(
            asciiStandIn("PaxHeaders/" + header.getName(), false),
            TarConstants.LF_PAX_EXTENDED_HEADER_LC,
            true);
    extended.setMode(0644);
    extended.setUserId(0);
    extended.setGroupId(0);
    extended.setUserName("");
    extended.setGroupName("");
    extended.setLastModifiedTime(
        FileTime.from(Math.max(0, Math.min(entry.mtimeSeconds(), MAX_OCTAL_11)), TimeUnit.SECONDS));
    extended.setSize(body.length);
    tar.putArchiveEntry(extended);
    tar.write(body);
    tar.closeArchiveEntry();
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
    try {
      tar.putArchiveEntry(header);
    } finally {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }
  }

  private static void putIfBeyond(RawPaxHeader pax, String key, long value, long max) {
    if (value < 0 || value > max) {
      pax.put(key, Long.toString(value));
    }
  }

  /** A ustar name for readers that ignore PAX: ASCII, shorter than the 100-byte field. */
  private static String asciiStandIn(String name, boolean directory) {
    StringBuilder ascii = new StringBuilder();
    for (char c : name.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    String stem = directory ? ascii.substring(0, ascii.length() - 1) : ascii.toString();
    stem = stem.substring(0, Math.min(stem.length(), 98));
    return directory ? stem + "/" : stem;
  }

  private static boolean hasBinaryXattr(ArchiveItem entry) {
    for (byte[] value : entry.xattrs().values()) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(value));
      } catch (CharacterCodingException e) {
        return true;
      }
    }
    return false;
  }

  /** Writes the end-of-archive records and closes the stream below. */
  void close() throws IOException {
    tar.finish();
    tar.close();
  }

  private static TarArchiveEntry header(ArchiveItem entry) {
    // Names are relative ("install/bin/hello"); directories end with '/'.
    String name = entry.name().substring(1) + (entry.type() == FileType.DIRECTORY ? "/" : "");
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
    return header;
  }

  private static byte linkFlag(ArchiveItem entry) {
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

  private static int deviceNumber(ArchiveItem entry, long number) {
    if (number < 0 || number > Integer.MAX_VALUE) {
      throw new UserInputException(
          entry.name()
              + ": device number "
              + number
              + " is out of range (0 to "
              + Integer.MAX_VALUE
              + "); fix the metadata recorded for it.");
    }
    return (int) number;
  }
}
