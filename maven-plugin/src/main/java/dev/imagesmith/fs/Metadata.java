package dev.imagesmith.fs;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the image says about a file that an unprivileged host cannot (or must not) hold on disk: the
 * full 12 mode bits (setuid, setgid, sticky), numeric owner, device nodes and FIFOs (kept on disk
 * as empty regular files), and extended attributes such as {@code security.capability}.
 *
 * @param mode permission bits including setuid/setgid/sticky, {@code 07777} at most
 * @param type the real type; a device or FIFO is an empty regular file on disk
 * @param devMajor device major number, 0 unless a device
 * @param devMinor device minor number, 0 unless a device
 * @param xattrs extended attributes by name, sorted so that output is deterministic
 * @param linkGroup {@code null}, or the identity of an image inode whose names the sandbox had to
 *     spread over several host inodes (the host file system holds fewer links per inode than the
 *     image has names): every name recorded with the same group is one inode in the image
 */
public record Metadata(
    int mode,
    long uid,
    long gid,
    FileType type,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs,
    String linkGroup) {

  public Metadata {
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode has bits outside 07777: " + Integer.toOctalString(mode));
    }
    xattrs =
        xattrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(xattrs));
  }

  /** Metadata of an object whose names all share one host inode (the usual case). */
  public Metadata(
      int mode,
      long uid,
      long gid,
      FileType type,
      long devMajor,
      long devMinor,
      Map<String, byte[]> xattrs) {
    this(mode, uid, gid, type, devMajor, devMinor, xattrs, null);
  }

  /** The same metadata as a name of the image inode {@code group}. */
  Metadata inLinkGroup(String group) {
    return new Metadata(mode, uid, gid, type, devMajor, devMinor, xattrs, group);
  }

  public static Metadata of(int mode, long uid, long gid, FileType type) {
    return new Metadata(mode, uid, gid, type, 0, 0, Map.of());
  }
}
