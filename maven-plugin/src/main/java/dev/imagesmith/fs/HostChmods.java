package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A host command's {@code chmod} of an object the overlay has a record for: the record's mode is
 * what the image shows, and the host file's mode by design differs from it (a setuid bit is never
 * on disk, a {@code 0555} directory stays writable for the plugin), so the command's change would
 * be lost behind the record, a setuid program that a {@code chmod u-s} meant to disarm kept setuid
 * in the image. Taken before the command: each recorded object's host mode and inode; after it, a
 * mode the command changed on the same inode becomes the record's mode, owner and xattrs kept, as a
 * {@code chmod} on a real root file system leaves them. A replaced inode needs nothing: its record
 * is ignored already.
 */
final class HostChmods {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private record Seen(Object fileKey, int mode) {}

  private final Sandbox sandbox;
  private final Map<String, Seen> before = new HashMap<>();

  private HostChmods(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** The host modes of the recorded objects (symlinks have none), before the command. */
  static HostChmods before(Sandbox sandbox) throws IOException {
    HostChmods chmods = new HostChmods(sandbox);
    sandbox
        .overlay()
        .forEach(
            (path, metadata, fileKey) -> {
              if (metadata.type() == FileType.SYMLINK) {
                return;
              }
              lstat(sandbox.hostPath(path))
                  .filter(seen -> fileKey == null || fileKey.equals(seen.fileKey()))
                  .ifPresent(seen -> chmods.before.put(path, seen));
            });
    return chmods;
  }

  /** Records each mode the command changed on the recorded inode. */
  void adopt() throws IOException {
    for (Map.Entry<String, Seen> entry : before.entrySet()) {
      Optional<Seen> now = lstat(sandbox.hostPath(entry.getKey()));
      Seen was = entry.getValue();
      if (now.isEmpty()
          || !Objects.equals(now.get().fileKey(), was.fileKey())
          || now.get().mode() == was.mode()) {
        continue;
      }
      Metadata recorded = sandbox.overlay().get(entry.getKey(), was.fileKey());
      if (recorded != null && recorded.type() != FileType.SYMLINK) {
        sandbox.setMetadata(
            entry.getKey(),
            new Metadata(
                now.get().mode(),
                recorded.uid(),
                recorded.gid(),
                recorded.type(),
                recorded.devMajor(),
                recorded.devMinor(),
                recorded.xattrs(),
                recorded.linkGroup()));
      }
    }
  }

  /**
   * The object's inode and mode, or empty when it is gone or cannot be read (a directory the
   * command closed: the layer writer says so).
   */
  private static Optional<Seen> lstat(Path host) {
    try {
      Map<String, Object> attributes = Files.readAttributes(host, "unix:mode,fileKey", NOFOLLOW);
      return Optional.of(
          new Seen(attributes.get("fileKey"), (Integer) attributes.get("mode") & 07777));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
