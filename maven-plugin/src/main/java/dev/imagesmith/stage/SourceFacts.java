package dev.imagesmith.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a copy step needs to know of one source object, from one {@code lstat}: a copy of ten
 * thousand files asked for its type, its mode and its link count one call each, and each call costs
 * a system call and an attribute map.
 *
 * @param mode the mode bits, special bits included ({@code 07777})
 * @param fileKey the inode's key, or {@code null} where the file system has none
 */
record SourceFacts(
    boolean directory,
    boolean regularFile,
    boolean symlink,
    long size,
    int mode,
    int linkCount,
    Object fileKey) {
  private static final String ATTRIBUTES =
      "unix:mode,nlink,fileKey,size,isDirectory,isRegularFile,isSymbolicLink";

  /** The facts of {@code path} itself, never of what a symlink there points to. */
  static SourceFacts of(Path path) throws IOException {
    Map<String, Object> unix = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new SourceFacts(
        (Boolean) unix.get("isDirectory"),
        (Boolean) unix.get("isRegularFile"),
        (Boolean) unix.get("isSymbolicLink"),
        (Long) unix.get("size"),
        (Integer) unix.get("mode") & 07777,
        (Integer) unix.get("nlink"),
        unix.get("fileKey"));
  }
}
