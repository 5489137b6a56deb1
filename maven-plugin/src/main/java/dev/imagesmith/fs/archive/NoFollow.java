package dev.imagesmith.fs.archive;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;

/** Attributes of host files read and set without following a link (P15). */
final class NoFollow {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private NoFollow() {}

  /** The attributes of {@code host} itself, or {@code null} if nothing is there. */
  static BasicFileAttributes lstat(Path host) throws IOException {
    try {
      return Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** chmod through a no-follow view: the JDK opens with O_NOFOLLOW and uses fchmod (P15). */
  static void setPermissions(Path host, int mode) throws IOException {
    Files.getFileAttributeView(host, PosixFileAttributeView.class, NOFOLLOW)
        .setPermissions(HostFiles.permissions(mode));
  }

  /** The modification time of {@code host} itself (lutimes on a link). */
  static void setMtime(Path host, long seconds) throws IOException {
    Files.getFileAttributeView(host, BasicFileAttributeView.class, NOFOLLOW)
        .setTimes(FileTime.fromMillis(seconds * 1000), null, null);
  }
}
