package dev.imagesmith.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * The tar of {@link DockerArchiveWriter}: a few members, each a blob. A member's body goes to the
 * file in large writes, straight from the blob (hashed on the way, as before), not through {@code
 * TarArchiveOutputStream}, which cuts every byte into 512-byte records: for an image of large
 * layers that was the archive's main cost after the disk. The headers are Commons Compress's own,
 * so the bytes are those {@code TarArchiveOutputStream} writes for such entries (ASCII names under
 * 100 bytes, sizes and time within the octal fields, whole seconds); anything else is written by
 * {@code TarArchiveOutputStream} itself, which then adds the extended headers it needs.
 */
final class ArchiveTar {
  private static final int RECORD = TarConstants.DEFAULT_RCDSIZE;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final ZipEncoding ASCII = ZipEncodingHelper.getZipEncoding("UTF-8");

  private ArchiveTar() {}

  /**
   * Writes the directories {@code blobs/} and {@code blobs/sha256/}, then {@code members} in their
   * map's order, every entry owned by 0:0 with {@code mtime}; checks each blob's bytes against its
   * descriptor.
   */
  static void write(Path file, Map<String, BlobSource> members, Instant mtime) throws IOException {
    if (!plain(members, mtime)) {
      writeThroughCommonsCompress(file, members, mtime);
      return;
    }
    byte[] header = new byte[RECORD];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      writeHeader(out, header, entry("blobs/", 040755, 0, mtime));
      writeHeader(out, header, entry("blobs/sha256/", 040755, 0, mtime));
      for (Map.Entry<String, BlobSource> member : members.entrySet()) {
        BlobSource blob = member.getValue();
        long size = blob.descriptor().size();
        writeHeader(out, header, entry(member.getKey(), 0100644, size, mtime));
        BlobFiles.writeChecked(blob, out);
        out.write(new byte[(int) ((RECORD - size % RECORD) % RECORD)]);
      }
      out.write(new byte[2 * RECORD]); // end of archive: two zero records, no block padding
    }
  }

  /** Whether every header is one plain ustar record (else extended headers are needed). */
  static boolean plain(Map<String, BlobSource> members, Instant mtime) {
    if (mtime.getNano() != 0
        || mtime.getEpochSecond() < 0
        || mtime.getEpochSecond() > MAX_OCTAL_11) {
      return false;
    }
    for (Map.Entry<String, BlobSource> member : members.entrySet()) {
      String name = member.getKey();
      if (name.length() >= TarConstants.NAMELEN
          || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)
          || member.getValue().descriptor().size() > MAX_OCTAL_11) {
        return false;
      }
    }
    return true;
  }

  private static void writeHeader(OutputStream out, byte[] header, TarArchiveEntry entry)
      throws IOException {
    java.util.Arrays.fill(header, (byte) 0);
    entry.writeEntryHeader(header, ASCII, false);
    out.write(header);
  }

  /** The same archive through {@code TarArchiveOutputStream}: any name, size and time. */
  static void writeThroughCommonsCompress(Path file, Map<String, BlobSource> members, Instant mtime)
      throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.putArchiveEntry(entry("blobs/", 040755, 0, mtime));
      tar.closeArchiveEntry();
      tar.putArchiveEntry(entry("blobs/sha256/", 040755, 0, mtime));
      tar.closeArchiveEntry();
      for (Map.Entry<String, BlobSource> member : members.entrySet()) {
        BlobSource blob = member.getValue();
        tar.putArchiveEntry(entry(member.getKey(), 0100644, blob.descriptor().size(), mtime));
        BlobFiles.writeChecked(blob, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  private static TarArchiveEntry entry(String name, int mode, long size, Instant mtime) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    // Every header field set explicitly: the String constructor stamps the current time.
    entry.setMode(mode);
    entry.setSize(size);
    entry.setModTime(FileTime.from(mtime));
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }
}
