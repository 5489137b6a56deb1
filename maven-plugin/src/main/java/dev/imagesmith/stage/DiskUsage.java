package dev.imagesmith.stage;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The size of a sandbox tree as an image layer would hold it: the bytes of regular files, each
 * inode counted once however many hardlinks name it, plus the length of each symlink's target
 * (links are never followed). Directories, devices and FIFOs count nothing. Every size report uses
 * this one definition so that numbers agree.
 */
public final class DiskUsage {
  private DiskUsage() {}

  /** The size of {@code cleanPath} and everything below it; 0 if nothing is there. */
  public static long of(Sandbox sandbox, String cleanPath) throws IOException {
    return of(sandbox.walk(cleanPath));
  }

  /** The size of the tree a {@link Sandbox#walk} found. */
  public static long of(List<SandboxEntry> walked) {
    Set<Object> seenInodes = new HashSet<>();
    long bytes = 0;
    for (SandboxEntry entry : walked) {
      if (entry.isRegularFile()) {
        Object inode = entry.fileKey() != null ? entry.fileKey() : entry.path();
        if (seenInodes.add(inode)) {
          bytes += entry.size();
        }
      } else if (entry.isSymlink()) {
        bytes += entry.linkTarget().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return bytes;
  }
}
