package dev.imagesmith.fs.archive;

import java.util.Map;

/**
 * One archive entry, independent of tar or zip, exactly as the archive states it (name not yet
 * cleaned or resolved).
 *
 * @param name the raw entry name
 * @param linkName symlink target or hardlink target name, {@code null} for other kinds
 * @param mode permission bits including setuid/setgid/sticky
 * @param size content bytes that follow the header
 */
record ArchiveItem(
    String name,
    Kind kind,
    String linkName,
    int mode,
    long uid,
    long gid,
    long mtimeSeconds,
    long size,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs) {

  enum Kind {
    DIRECTORY,
    REGULAR,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO
  }

  ArchiveItem {
    xattrs = xattrs == null ? Map.of() : xattrs;
  }
}
