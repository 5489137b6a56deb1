package dev.imagesmith.layer;

import dev.imagesmith.fs.FileType;
import java.nio.file.Path;
import java.util.Map;

/**
 * One tar entry as it will be written, every header field decided.
 *
 * @param path clean absolute image path; the tar name drops the leading slash
 * @param hardlinkTarget clean image path of the inode's first name, or {@code null}
 * @param source host file whose bytes are the body (regular files only), or {@code null}
 */
record PlannedEntry(
    String path,
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

  boolean isHardlink() {
    return hardlinkTarget != null;
  }

  LayerEntry toLayerEntry() {
    return new LayerEntry(path, type, mode, uid, gid, symlinkTarget, hardlinkTarget);
  }
}
