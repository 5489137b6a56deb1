package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Entries of a zip file, taken from the central directory (the one authoritative listing; a
 * streaming reader would see a different set, P29). Before anything is extracted, every entry's
 * local header must carry the same name as its central record, and no two entries may share bytes
 * (overlapping entries are how "better zip bombs" multiply a small file, R6).
 */
final class ZipItemSource implements ItemSource {
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  private static final int LOCAL_HEADER_LENGTH = 30;

  private final ZipFile zip;
  private final List<ZipArchiveEntry> entries;
  private final ExtractLimits limits;
  private int index;
  private InputStream current;

  private ZipItemSource(ZipFile zip, List<ZipArchiveEntry> entries, ExtractLimits limits) {
    this.zip = zip;
    this.entries = entries;
    this.limits = limits;
  }

  static ZipItemSource open(Path file, ExtractLimits limits) throws IOException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(file).get();
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt zip archive: " + e, e);
    }
    try {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      if (entries.size() > limits.maxEntries()) {
        throw new BadEntryException(
            "the zip lists "
                + entries.size()
                + " entries, more than the limit of "
                + limits.maxEntries());
      }
      checkLocalHeaders(file, entries);
      return new ZipItemSource(zip, entries, limits);
    } catch (IOException | RuntimeException e) {
      zip.close();
      if (e instanceof BadEntryException bad) {
        throw bad;
      }
      throw new BadEntryException("corrupt zip archive: " + e, e);
    }
  }

  @Override
  public ArchiveItem next() throws IOException {
    if (index >= entries.size()) {
      return null;
    }
    ZipArchiveEntry entry = entries.get(index++);
    current = null;
    try {
      return toItem(entry);
    } catch (BadEntryException e) {
      throw new BadEntryException(e.getMessage() + " (zip entry " + entry.getName() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException(
          "corrupt zip entry " + entry.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream content() throws IOException {
    if (current == null) {
      ZipArchiveEntry entry = entries.get(index - 1);
      try {
        current = zip.getInputStream(entry);
      } catch (IOException | RuntimeException e) {
        throw new BadEntryException("cannot read zip entry data: " + e.getMessage(), e);
      }
    }
    return current;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private ArchiveItem toItem(ZipArchiveEntry entry) throws IOException {
    boolean unix = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX;
    int unixMode = unix ? entry.getUnixMode() : 0;
    FileType type;
    String linkName = null;
    long size = entry.getSize();
    if (entry.isDirectory()) {
      type = FileType.DIRECTORY;
      size = 0;
    } else if (unix && (unixMode & UnixStat.FILE_TYPE_FLAG) == UnixStat.LINK_FLAG) {
      type = FileType.SYMLINK;
      linkName = readLinkTarget();
      size = 0;
    } else {
      type = FileType.REGULAR;
    }
    if (size < 0) {
      throw new BadEntryException("the central directory does not state the entry's size");
    }
    int mode = unixMode & 07777;
    if (mode == 0) {
      mode = type == FileType.DIRECTORY ? 0755 : type == FileType.SYMLINK ? 0777 : 0644;
    }
    return new ArchiveItem(
        entry.getName(), type, mode, 0, 0, seconds(entry), size, linkName, null, 0, 0, null, null);
  }

  /** A zip symlink's target is its content; bounded like a tar link name. */
  private String readLinkTarget() throws IOException {
    InputStream in = content();
    byte[] target = in.readNBytes(limits.maxNameBytes() + 1);
    if (target.length > limits.maxNameBytes()) {
      throw new BadEntryException("symlink target longer than " + limits.maxNameBytes() + " bytes");
    }
    return new String(target, StandardCharsets.UTF_8);
  }

  /**
   * The extended-timestamp field is UTC; a bare DOS time has no zone, and is read as UTC so that
   * the result does not depend on the build host's time zone.
   */
  private static long seconds(ZipArchiveEntry entry) {
    if (entry.getExtraField(X5455_ExtendedTimestamp.HEADER_ID) != null) {
      return TarItemSource.seconds(entry.getLastModifiedTime());
    }
    LocalDateTime local =
        LocalDateTime.ofInstant(
            java.time.Instant.ofEpochMilli(entry.getTime()), ZoneId.systemDefault());
    return Math.max(0, local.toEpochSecond(ZoneOffset.UTC));
  }

  private static void checkLocalHeaders(Path file, List<ZipArchiveEntry> entries)
      throws IOException {
    List<long[]> spans = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (ZipArchiveEntry entry : entries) {
        long offset = entry.getLocalHeaderOffset();
        ByteBuffer fixed = ByteBuffer.allocate(LOCAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, fixed, offset);
        if (fixed.getInt(0) != LOCAL_HEADER_SIGNATURE) {
          throw new BadEntryException(
              "entry " + entry.getName() + " has no local header where the central directory says");
        }
        int nameLength = Short.toUnsignedInt(fixed.getShort(26));
        int extraLength = Short.toUnsignedInt(fixed.getShort(28));
        ByteBuffer name = ByteBuffer.allocate(nameLength);
        readFully(channel, name, offset + LOCAL_HEADER_LENGTH);
        if (!Arrays.equals(name.array(), entry.getRawName())) {
          throw new BadEntryException(
              "local header name '"
                  + new String(name.array(), StandardCharsets.UTF_8)
                  + "' differs from central directory name '"
                  + entry.getName()
                  + "'");
        }
        long dataStart = offset + LOCAL_HEADER_LENGTH + nameLength + extraLength;
        spans.add(new long[] {offset, dataStart + entry.getCompressedSize(), spans.size()});
      }
    }
    spans.sort(Comparator.comparingLong(span -> span[0]));
    for (int i = 1; i < spans.size(); i++) {
      if (spans.get(i)[0] < spans.get(i - 1)[1]) {
        throw new BadEntryException(
            "entries "
                + entries.get((int) spans.get(i - 1)[2]).getName()
                + " and "
                + entries.get((int) spans.get(i)[2]).getName()
                + " overlap (a zip bomb or a damaged archive)");
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new BadEntryException("zip entry header runs past the end of the file");
      }
    }
  }
}
