package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Reads one sandbox object as the image sees it: the host's type, size and mtime with one lstat,
 * and the {@link MetadataOverlay}'s mode, owners, xattrs, device numbers and link group where it
 * has a record for the object.
 */
final class SandboxEntryReader {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final String ENTRY_ATTRIBUTES =
      "unix:mode,nlink,fileKey,isDirectory,isSymbolicLink,isOther,size,lastModifiedTime";

  /** The image identity of names spread over several host inodes ({@link LinkSpreader}). */
  private record LinkGroup(String id) {}

  private final MetadataOverlay overlay;

  SandboxEntryReader(MetadataOverlay overlay) {
    this.overlay = overlay;
  }

  /** The link group an entry's file key names, or {@code null} for an inode of its own. */
  static String linkGroupOf(Object fileKey) {
    return fileKey instanceof LinkGroup group ? group.id() : null;
  }

  /** The object at {@code host}, which plays {@code cleanPath}, as the image sees it. */
  SandboxEntry read(String cleanPath, Path host) throws IOException {
    return read(cleanPath, host, false);
  }

  /**
   * As {@link #read(String, Path)}; {@code null} for a socket, pipe or device on the host when
   * {@code skipOther} (a walk lists none: they are never part of an image).
   */
  SandboxEntry read(String cleanPath, Path host, boolean skipOther) throws IOException {
    // One lstat for all of it; only what is used: "unix:*" would also look up owner and group
    // names (NSS calls per file).
    Map<String, Object> unix = Files.readAttributes(host, ENTRY_ATTRIBUTES, NOFOLLOW);
    if (skipOther && (Boolean) unix.get("isOther")) {
      return null;
    }
    Object fileKey = unix.get("fileKey");
    FileType type =
        (Boolean) unix.get("isDirectory")
            ? FileType.DIRECTORY
            : (Boolean) unix.get("isSymbolicLink") ? FileType.SYMLINK : FileType.REGULAR;
    int mode = ((Integer) unix.get("mode")) & 07777;
    long uid = 0;
    long gid = 0;
    long devMajor = 0;
    long devMinor = 0;
    Map<String, byte[]> xattrs = Map.of();
    int linkCount = (Integer) unix.get("nlink");
    Metadata recorded = overlay.get(cleanPath, fileKey);
    if (recorded != null && recorded.linkGroup() != null) {
      // Names spread over several host inodes are one inode of the image, with several names.
      fileKey = new LinkGroup(recorded.linkGroup());
      linkCount = Math.max(linkCount, 2);
    }
    if (recorded != null) {
      mode = recorded.mode();
      uid = recorded.uid();
      gid = recorded.gid();
      xattrs = recorded.xattrs();
      if (type == FileType.REGULAR && recorded.type() != FileType.REGULAR) {
        type = recorded.type(); // a device or FIFO kept as an empty file
        devMajor = recorded.devMajor();
        devMinor = recorded.devMinor();
      }
    }
    String linkTarget =
        type == FileType.SYMLINK
            ? overlay.linkTarget(cleanPath, fileKey, Files.readSymbolicLink(host).toString())
            : null;
    long size = type == FileType.REGULAR ? (Long) unix.get("size") : 0;
    long mtime = ((FileTime) unix.get("lastModifiedTime")).toInstant().getEpochSecond();
    Long borrowedSince =
        type == FileType.REGULAR ? overlay.borrowedSince(cleanPath, fileKey) : null;
    if (borrowedSince != null) {
      mtime = borrowedSince; // a project file linked in: seen as the copy it stands for
    }
    return new SandboxEntry(
        cleanPath,
        host,
        type,
        size,
        mode,
        uid,
        gid,
        mtime,
        linkTarget,
        fileKey,
        linkCount,
        devMajor,
        devMinor,
        xattrs);
  }
}
