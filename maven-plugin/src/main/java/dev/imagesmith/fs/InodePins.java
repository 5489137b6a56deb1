package dev.imagesmith.fs;

import dev.imagesmith.io.HostFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the inode of every object the metadata overlay has a record for alive while a command
 * writes the stage, so that its number cannot be handed to a file the command makes.
 *
 * <p>A record belongs to the inode it was made for ({@link MetadataOverlay}): a command that
 * deletes a recorded file and makes another at its path gives the new file no record, as a real
 * root file system would. But ext4 hands a freed inode number to the next file made at once ({@code
 * rm tool; cp new tool} often gets the same number), and the new file then took the old one's
 * record: a setuid-root program's mode and owner on a file the command wrote. While a second name
 * of the old inode exists, the kernel cannot free it, so the new file gets another number.
 *
 * <p>Files, symlinks and the empty files that stand for FIFOs and devices get a hard link in a
 * directory beside the sandbox (the same file system, never inside the stage, where the command or
 * a layer would see it; {@link Sandbox#useScratchDirectory}); directories, which take no hard
 * links, an open directory stream. A record that says nothing its host object does not (mode as on
 * disk, root's, no xattrs, no device, no link group: most of what a package or an archive brings)
 * is dropped instead of pinned, which costs nothing and leaves the image as it was. An object that
 * cannot be pinned (gone, at the host's link limit, out of file descriptors) is left as it was
 * before pins existed. Pinning moves each pinned inode's ctime, so callers take their
 * before-the-command identities after {@link #pin} and their after-the-command ones before {@link
 * #close}.
 */
final class InodePins implements Closeable {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final String ATTRIBUTES = "unix:mode,fileKey,isDirectory,isSymbolicLink,isOther";

  private final Path directory;
  private final List<DirectoryStream<Path>> openDirectories = new ArrayList<>();
  private final Set<Object> tried = new HashSet<>();
  private int links;

  private InodePins(Path directory) {
    this.directory = directory;
  }

  /**
   * Pins every recorded object of {@code sandbox} that is still the inode its record names, with
   * links in a new directory below {@code scratch}, and drops the records that say nothing more
   * than their host objects.
   */
  static InodePins pin(Sandbox sandbox, MetadataOverlay overlay, Path scratch) throws IOException {
    InodePins pins = new InodePins(Files.createTempDirectory(scratch, ".imagesmith-pins-"));
    List<String> redundant = new ArrayList<>();
    try {
      overlay.forEach(
          (path, metadata, fileKey) -> {
            Map<String, Object> host = current(sandbox.hostPath(path), fileKey);
            if (host == null) {
              return; // the record is stale already: nothing to protect
            }
            if (saysNothingMore(metadata, host)) {
              redundant.add(path);
            } else {
              pins.pin(sandbox.hostPath(path), fileKey, (Boolean) host.get("isDirectory"));
            }
          });
      overlay.forEachLinkKey(
          (path, fileKey) -> {
            if (current(sandbox.hostPath(path), fileKey) != null) {
              pins.pin(sandbox.hostPath(path), fileKey, false);
            }
          });
    } catch (IOException | RuntimeException e) {
      pins.close();
      throw e;
    }
    redundant.forEach(overlay::removeRecord);
    return pins;
  }

  /** The host object's attributes if it is still the inode {@code fileKey}, else null. */
  private static Map<String, Object> current(Path host, Object fileKey) {
    try {
      Map<String, Object> attributes = Files.readAttributes(host, ATTRIBUTES, NOFOLLOW);
      return fileKey != null && fileKey.equals(attributes.get("fileKey")) ? attributes : null;
    } catch (IOException e) {
      return null; // gone, or a directory the last command closed: nothing to hold
    }
  }

  /**
   * Whether the image shows the object the same without its record ({@link SandboxEntryReader}: the
   * host's mode, owner root, no xattrs): then a file that got its inode number would too.
   */
  private static boolean saysNothingMore(Metadata metadata, Map<String, Object> host) {
    FileType hostType =
        (Boolean) host.get("isDirectory")
            ? FileType.DIRECTORY
            : (Boolean) host.get("isSymbolicLink")
                ? FileType.SYMLINK
                : (Boolean) host.get("isOther") ? null : FileType.REGULAR;
    return metadata.type() == hostType
        && metadata.mode() == ((Integer) host.get("mode") & 07777)
        && metadata.uid() == 0
        && metadata.gid() == 0
        && metadata.xattrs().isEmpty()
        && metadata.devMajor() == 0
        && metadata.devMinor() == 0
        && metadata.linkGroup() == null;
  }

  private void pin(Path host, Object fileKey, boolean directory) {
    if (!tried.add(fileKey)) {
      return; // held through another of its names, or it could not be
    }
    try {
      if (directory) {
        openDirectories.add(Files.newDirectoryStream(host));
      } else {
        // link(2) without AT_SYMLINK_FOLLOW: a symlink's own inode, never its target's.
        Files.createLink(this.directory.resolve(Integer.toString(links)), host);
        links++;
      }
    } catch (IOException e) {
      // Unpinned: the record is guarded by its inode key alone, as before pins.
    }
  }

  /** Lets the pinned inodes go: the links removed, the directory streams closed. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (DirectoryStream<Path> stream : openDirectories) {
      try {
        stream.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    openDirectories.clear();
    // By name: the directory holds nothing else, and a walk would lstat each link first.
    for (int i = 0; i < links; i++) {
      Files.deleteIfExists(directory.resolve(Integer.toString(i)));
    }
    links = 0;
    HostFiles.deleteTree(directory);
    if (failure != null) {
      throw failure;
    }
  }
}
