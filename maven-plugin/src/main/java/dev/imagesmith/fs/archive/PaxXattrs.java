package dev.imagesmith.fs.archive;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Reads extended attributes byte-faithfully from the raw PAX records before one tar entry. Values
 * such as {@code security.capability} are binary; the tar parser decodes PAX values as UTF-8 and
 * would turn their high bytes into U+FFFD.
 *
 * <p>Understands {@code SCHILY.xattr.NAME=raw bytes} (GNU tar, star, Docker) and {@code
 * LIBARCHIVE.xattr.URL-ENCODED-NAME=base64} (bsdtar). Drops attributes an image must not carry onto
 * a host or into a layer: {@code security.selinux} (host labelling) and overlayfs's own {@code
 * trusted.overlay.*} / {@code user.overlay.*} (security-cases.md L18).
 */
final class PaxXattrs {
  private static final int BLOCK = 512;
  private static final String SCHILY = "SCHILY.xattr.";
  private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

  private PaxXattrs() {}

  static boolean mentionsXattrs(Map<String, String> extraPaxHeaders) {
    for (String key : extraPaxHeaders.keySet()) {
      if (key.startsWith(SCHILY) || key.startsWith(LIBARCHIVE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses the headers recorded before one entry; {@code start} is the offset of the first header
   * block in {@code raw}. Later PAX headers override earlier ones, as in the tar parser.
   */
  static Map<String, byte[]> parse(byte[] raw, int start) throws BadEntryException {
    Map<String, byte[]> xattrs = new TreeMap<>();
    int at = start;
    while (at + BLOCK <= raw.length) {
      byte type = raw[at + 156];
      long size = octal(raw, at + 124, 12);
      int dataStart = at + BLOCK;
      if (size < 0 || dataStart + size > raw.length) {
        break; // the entry's own header (its content was not recorded) or a base-256 size
      }
      if (type == 'x') {
        parseRecords(raw, dataStart, (int) size, xattrs);
      } else if (type != 'g' && type != 'L' && type != 'K') {
        break;
      }
      at = dataStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
    }
    xattrs.keySet().removeIf(PaxXattrs::isForbidden);
    return xattrs;
  }

  /**
   * Verifies the checksum of every header block recorded before one entry (extended headers and the
   * entry's own). The parser does not, while GNU tar refuses such headers: accepting them would let
   * the two disagree about which entries an archive holds.
   */
  static void verifyChecksums(byte[] raw, int start) throws BadEntryException {
    int at = start;
    while (at + BLOCK <= raw.length) {
      byte[] header = Arrays.copyOfRange(raw, at, at + BLOCK);
      if (!TarUtils.verifyCheckSum(header)) {
        throw new BadEntryException("corrupt archive: a tar header has a wrong checksum");
      }
      byte type = raw[at + 156];
      long size = octal(raw, at + 124, 12);
      if (type != 'x' && type != 'g' && type != 'L' && type != 'K') {
        return;
      }
      if (size < 0) {
        return;
      }
      at += BLOCK + (int) Math.min(Integer.MAX_VALUE / 2, (size + BLOCK - 1) / BLOCK * BLOCK);
    }
  }

  static boolean isForbidden(String name) {
    return name.equals("security.selinux")
        || name.startsWith("trusted.overlay.")
        || name.startsWith("user.overlay.");
  }

  private static void parseRecords(byte[] raw, int from, int length, Map<String, byte[]> out)
      throws BadEntryException {
    int at = from;
    int end = from + length;
    while (at < end && raw[at] != 0) {
      int space = at;
      long recordLength = 0;
      while (space < end && raw[space] >= '0' && raw[space] <= '9') {
        recordLength = recordLength * 10 + (raw[space] - '0');
        if (recordLength > length) {
          throw new BadEntryException("a PAX record is longer than its header");
        }
        space++;
      }
      if (space >= end || raw[space] != ' ' || recordLength <= 0 || at + recordLength > end) {
        throw new BadEntryException("malformed PAX record");
      }
      int recordEnd = (int) (at + recordLength);
      int equals = space + 1;
      while (equals < recordEnd && raw[equals] != '=') {
        equals++;
      }
      if (equals >= recordEnd || raw[recordEnd - 1] != '\n') {
        throw new BadEntryException("malformed PAX record");
      }
      String key = new String(raw, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(raw, equals + 1, recordEnd - 1);
      if (key.startsWith(SCHILY)) {
        out.put(key.substring(SCHILY.length()), value);
      } else if (key.startsWith(LIBARCHIVE)) {
        String name = URLDecoder.decode(key.substring(LIBARCHIVE.length()), StandardCharsets.UTF_8);
        try {
          out.put(name, Base64.getDecoder().decode(new String(value, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
          throw new BadEntryException("xattr " + name + " is not valid base64", e);
        }
      }
      at = recordEnd;
    }
  }

  /** An octal header field, or -1 if it is not plain octal (base-256 or garbage). */
  private static long octal(byte[] raw, int offset, int length) {
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte b = raw[i];
      if (b == 0 || b == ' ') {
        if (digits) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '7') {
        return -1;
      }
      value = value * 8 + (b - '0');
      digits = true;
    }
    return value;
  }
}
