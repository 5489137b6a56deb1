package dev.imagesmith.fs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of an archive or a layer as its header states it, independent of tar or zip: read from
 * an archive (the name raw, not yet cleaned or resolved; the body follows in the archive's stream)
 * or planned for a layer this build writes (the name a clean absolute path; the body read from
 * {@code source}). The same record on both sides, so that a layer this build writes is applied to
 * an image's filesystem exactly as one read from a tar.
 *
 * @param name the entry name: raw when read, a clean absolute image path when planned
 * @param type the object's type; a hardlink's is the type of what it links to, which a header read
 *     from an archive does not state ({@link FileType#REGULAR} until it is applied)
 * @param mode permission bits including setuid/setgid/sticky
 * @param mtimeSeconds modification time in whole seconds since the epoch
 * @param size content bytes of a regular file (0 for a hardlink: its bytes are its target's)
 * @param symlinkTarget a symlink's target exactly as written, otherwise {@code null}
 * @param hardlinkTarget the name of the object a hardlink is another name of (raw when read, the
 *     clean path of the inode's first name when planned), otherwise {@code null}
 * @param xattrs extended attributes, name to raw value
 * @param source the host file holding a planned regular file's bytes, otherwise {@code null}
 */
public record ArchiveItem(
    String name,
    FileType type,
    int mode,
    long uid,
    long gid,
    long mtimeSeconds,
    long size,
    String symlinkTarget,
    String hardlinkTarget,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs,
    Path source) {

  public ArchiveItem {
    xattrs = xattrs == null ? Map.of() : xattrs;
  }

  public boolean isHardlink() {
    return hardlinkTarget != null;
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  /** What the entry is, in words: {@code "hardlink"}, {@code "char device"}, {@code "fifo"}... */
  public String describe() {
    return isHardlink()
        ? "hardlink"
        : type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** Equal headers, extended attribute values compared by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ArchiveItem that
        && name.equals(that.name)
        && type == that.type
        && mode == that.mode
        && uid == that.uid
        && gid == that.gid
        && mtimeSeconds == that.mtimeSeconds
        && size == that.size
        && Objects.equals(symlinkTarget, that.symlinkTarget)
        && Objects.equals(hardlinkTarget, that.hardlinkTarget)
        && devMajor == that.devMajor
        && devMinor == that.devMinor
        && Objects.equals(source, that.source)
        && sameXattrs(xattrs, that.xattrs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, mode, size, symlinkTarget, hardlinkTarget, source);
  }

  private static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> entry : a.entrySet()) {
      if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
