package dev.imagesmith.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Changes to host files that caches must notice, made the way tools make them. */
public final class FileChanges {
  private FileChanges() {}

  /**
   * Rewrites {@code file} with {@code content} and puts its old mtime back, as {@code cp -p} would;
   * repeats until the kernel's coarse clock has moved ctime, so the change is one a correct memo
   * must see (the writes of one clock tick are the racy case, covered by the margin).
   */
  public static void rewriteKeepingMtime(Path file, String content) throws Exception {
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    Object ctime = Files.getAttribute(file, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    do {
      Thread.sleep(5);
      Files.writeString(file, content);
      Files.setLastModifiedTime(file, mtime);
    } while (ctime.equals(
        Files.getAttribute(file, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS)));
  }
}
