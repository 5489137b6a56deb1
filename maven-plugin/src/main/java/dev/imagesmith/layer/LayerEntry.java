package dev.imagesmith.layer;

import dev.imagesmith.fs.FileType;

/**
 * What a layer (or the stack of lower layers) holds at one path: enough to decide how a later layer
 * must write a directory there.
 *
 * @param path clean absolute image path ({@code /usr/lib})
 * @param type the object's type; for a hardlink, the type of the file it names
 * @param mode permission bits including setuid, setgid and sticky ({@code 07777} at most)
 * @param symlinkTarget the link target verbatim for a symlink, otherwise {@code null}
 * @param hardlinkTarget for a hardlink written by this layer, the clean image path of the first
 *     name of the inode; otherwise {@code null}
 */
public record LayerEntry(
    String path,
    FileType type,
    int mode,
    long uid,
    long gid,
    String symlinkTarget,
    String hardlinkTarget) {

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }

  /** The same object recorded at another path (a hardlink copies the attributes of its target). */
  LayerEntry at(String otherPath) {
    return new LayerEntry(otherPath, type, mode, uid, gid, symlinkTarget, null);
  }
}
