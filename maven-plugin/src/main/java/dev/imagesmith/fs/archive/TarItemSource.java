package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Entries of an uncompressed tar stream, parsed by Commons Compress (constructed explicitly, no
 * format sniffing) under a header budget. Global PAX headers are consumed by the parser and never
 * become entries (L21); sparse entries are refused rather than half-understood (L23).
 */
final class TarItemSource implements ItemSource {
  private static final int BLOCK = 512;

  /** Padding of the previous entry, the end-of-archive blocks and a block-size remainder. */
  private static final int HEADER_SLACK = 32 * 1024;

  private final HeaderBudgetStream budget;
  private final TarArchiveInputStream tar;
  private final ExtractLimits limits;

  TarItemSource(InputStream uncompressed, ExtractLimits limits) {
    this.budget = new HeaderBudgetStream(uncompressed);
    this.tar = new TarArchiveInputStream(budget, StandardCharsets.UTF_8.name());
    this.limits = limits;
  }

  @Override
  public ArchiveItem next() throws IOException {
    TarArchiveEntry entry;
    byte[] headers;
    budget.arm(limits.maxPaxHeaderBytes() + HEADER_SLACK);
    try {
      entry = tar.getNextEntry();
    } catch (BadEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Parsers signal damage with IllegalArgumentException, ArithmeticException, index errors...
      throw new BadEntryException("corrupt archive: " + e, e);
    } finally {
      headers = budget.disarm();
    }
    if (entry == null) {
      return null;
    }
    return toItem(entry, headers);
  }

  @Override
  public InputStream content() {
    return tar;
  }

  @Override
  public void finish() throws IOException {
    // Trailing bytes after the end-of-archive blocks are allowed but must be read (R3).
    byte[] buffer = new byte[8192];
    long trailing = 0;
    try {
      for (int n; (n = budget.read(buffer, 0, buffer.length)) >= 0; ) {
        trailing += n;
        if (trailing > limits.maxTotalBytes()) {
          throw new BadEntryException("more than " + limits.maxTotalBytes() + " trailing bytes");
        }
      }
    } catch (BadEntryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BadEntryException("corrupt data after the end of the archive: " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  private ArchiveItem toItem(TarArchiveEntry entry, byte[] headers) throws BadEntryException {
    if (entry.isSparse()) {
      throw new BadEntryException("sparse tar entries are not supported; repack without --sparse");
    }
    byte flag = entry.getLinkFlag();
    boolean hardlink = flag == TarConstants.LF_LINK;
    FileType type = hardlink ? FileType.REGULAR : typeOf(entry, flag);
    if (entry.isDirectory() && entry.getSize() > 0) {
      // The parser skips no body for what it takes as a directory, GNU tar does: the two would
      // see different entries after this one (L20).
      throw new BadEntryException(
          "directory-like entry with " + entry.getSize() + " bytes of content");
    }
    if (entry.getSize() < 0) {
      throw new BadEntryException("negative size " + entry.getSize());
    }
    if (entry.getLongUserId() < 0 || entry.getLongGroupId() < 0) {
      throw new BadEntryException(
          "negative owner " + entry.getLongUserId() + ":" + entry.getLongGroupId());
    }
    if (entry.getDevMajor() < 0 || entry.getDevMinor() < 0) {
      throw new BadEntryException("negative device number");
    }
    int firstHeader = (int) ((BLOCK - budget.armedAt() % BLOCK) % BLOCK);
    PaxXattrs.verifyChecksums(headers, firstHeader);
    Map<String, byte[]> xattrs = Map.of();
    if (PaxXattrs.mentionsXattrs(entry.getExtraPaxHeaders())) {
      xattrs = PaxXattrs.parse(headers, firstHeader);
    }
    return new ArchiveItem(
        entry.getName(),
        type,
        entry.getMode() & 07777,
        entry.getLongUserId(),
        entry.getLongGroupId(),
        seconds(entry.getLastModifiedTime()),
        entry.getSize(),
        type == FileType.SYMLINK ? entry.getLinkName() : null,
        hardlink ? entry.getLinkName() : null,
        entry.getDevMajor(),
        entry.getDevMinor(),
        xattrs,
        null);
  }

  /** The type a header states; a hardlink ({@code LF_LINK}) is handled by the caller. */
  private static FileType typeOf(TarArchiveEntry entry, byte flag) throws BadEntryException {
    switch (flag) {
      case TarConstants.LF_DIR:
        return FileType.DIRECTORY;
      case TarConstants.LF_NORMAL:
      case TarConstants.LF_OLDNORM:
      case TarConstants.LF_CONTIG:
        // A regular entry named "x/" is a directory for old tars, as in GNU tar. The parser says
        // the same for any type with a trailing slash; for links we keep the real type, so that
        // the name is rejected instead of a symlink silently becoming a directory.
        return entry.isDirectory() ? FileType.DIRECTORY : FileType.REGULAR;
      case TarConstants.LF_SYMLINK:
        return FileType.SYMLINK;
      case TarConstants.LF_CHR:
        return FileType.CHAR_DEVICE;
      case TarConstants.LF_BLK:
        return FileType.BLOCK_DEVICE;
      case TarConstants.LF_FIFO:
        return FileType.FIFO;
      default:
        throw new BadEntryException(
            "unsupported tar entry type '"
                + (char) flag
                + "' (0x"
                + Integer.toHexString(flag)
                + ")");
    }
  }

  /** Seconds since the epoch, clamped to years 1970..9999 (L25: -1, 2^33 and 1e9999999). */
  static long seconds(FileTime time) {
    if (time == null) {
      return 0;
    }
    long seconds = time.toInstant().getEpochSecond();
    return Math.max(0, Math.min(seconds, 253_402_300_799L));
  }
}
