package dev.imagesmith.fs;

import java.nio.file.Path;
import java.util.Map;

/**
 * One filesystem object of a sandbox as the image sees it: the host file's type, size, link target
 * and inode, combined with the metadata overlay (mode, owner, device numbers, xattrs). Owner
 * defaults to 0:0, never the build host's user.
 *
 * @param path clean absolute image path, {@code /} or {@code /a/b}
 * @param hostPath where the object lives on the host (inside the sandbox root)
 * @param mtimeSeconds modification time in whole seconds since the epoch, as on disk
 * @param linkTarget symlink target exactly as stored, or {@code null}
 * @param fileKey identity of the inode as the image sees it (for hardlink detection): the host
 *     inode's, or one shared by names the sandbox spread over several host inodes (a host limit on
 *     links per inode, {@link Metadata#linkGroup}); may be {@code null}
 * @param linkCount number of hard links to the host inode; at least 2 for a spread inode
 */
public record SandboxEntry(
    String path,
    Path hostPath,
    FileType type,
    long size,
    int mode,
    long uid,
    long gid,
    long mtimeSeconds,
    String linkTarget,
    Object fileKey,
    int linkCount,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs) {

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isRegularFile() {
    return type == FileType.REGULAR;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }
}
