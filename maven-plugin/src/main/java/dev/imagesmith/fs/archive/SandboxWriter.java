package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Metadata;
import dev.imagesmith.fs.ResolveMemo;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes archive entries into a sandbox, one at a time, in archive order: a user archive's items
 * ({@link ItemLoop.Sink}) or an image layer's events ({@link LayerTarReader.Events}).
 *
 * <p>The rules, each defending against a case of security-cases.md:
 *
 * <ul>
 *   <li>The parent of every name is resolved with securejoin, its last component is not followed (a
 *       symlink there is the object to replace, P7/P8/P14).
 *   <li>An existing object is never opened: it is removed (recursively, links not followed) and
 *       created anew with {@code CREATE_NEW | NOFOLLOW_LINKS}, except directory over directory,
 *       which keeps its children (layer.md, L10/L11/L14).
 *   <li>Metadata goes through no-follow attribute views only; symlinks are never chmod-ed (P15).
 *       Modes, owners, devices and xattrs go to the overlay; the disk keeps no setuid/setgid/sticky
 *       bits and always lets the owner read, write and enter (L16/L17).
 *   <li>Hardlink headers carry no metadata of their own: the link shares its target's (L15).
 *   <li>Links are made through {@link Sandbox#createSymlink} and {@link Sandbox#hardlink}, so that
 *       a host process following them stays in the sandbox too (H1-H8).
 *   <li>Parent resolutions are remembered for the rest of the extraction and forgotten whenever a
 *       symlink comes or goes ({@link ResolveMemo}): a chain of links above many entries is
 *       expanded once, not once per entry (M3).
 * </ul>
 */
final class SandboxWriter implements ItemLoop.Sink, LayerTarReader.Events {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** How names are interpreted. */
  enum Mode {
    /** An image layer: names relative to {@code /}, {@code ..} clamped, whiteouts applied. */
    LAYER,
    /** A user archive: names below a target directory, {@code ..} escapes rejected. */
    USER_ARCHIVE
  }

  private record DirectoryTime(String imagePath, Object fileKey, long mtimeSeconds) {}

  private final Sandbox sandbox;
  private final Mode mode;
  private final String base;
  private final int stripComponents;
  private final ExtractLimits limits;
  private final LayerWhiteouts layerWrites = new LayerWhiteouts();

  /** What whiteouts remove from: the sandbox's files, links never followed. */
  private final LayerWhiteouts.Target onDisk;

  private final List<DirectoryTime> directoryTimes = new ArrayList<>();
  private final List<String> whiteouts = new ArrayList<>();

  /** Parent resolutions of this extraction; forgotten whenever a symlink comes or goes. */
  private final ResolveMemo memo = new ResolveMemo();

  /** The names of the entries written, as the archive spells them; null when nobody asked. */
  private final List<String> names;

  private long entries;
  private long bytes;

  private SandboxWriter(
      Sandbox sandbox,
      Mode mode,
      String base,
      int stripComponents,
      ExtractLimits limits,
      boolean recordNames) {
    this.sandbox = sandbox;
    this.mode = mode;
    this.base = base;
    this.stripComponents = stripComponents;
    this.limits = limits;
    this.names = recordNames ? new ArrayList<>() : null;
    this.onDisk = new SandboxWhiteoutTarget(sandbox, memo);
  }

  static SandboxWriter forLayer(Sandbox sandbox, ExtractLimits limits) {
    return new SandboxWriter(sandbox, Mode.LAYER, "/", 0, limits, false);
  }

  /**
   * A writer below {@code targetDir} (resolved in the sandbox, created with 0755 parents if
   * missing).
   */
  static SandboxWriter forUserArchive(Sandbox sandbox, String targetDir, ExtractOptions options)
      throws IOException {
    Sandbox.Resolved target = sandbox.resolve(targetDir);
    SandboxWriter writer =
        new SandboxWriter(
            sandbox,
            Mode.USER_ARCHIVE,
            target.imagePath(),
            options.stripComponents(),
            options.limits(),
            options.recordNames());
    writer.ensureDirectory(target.imagePath());
    return writer;
  }

  /** A user archive's entry; see {@link ItemLoop.Sink#accept}. */
  @Override
  public boolean accept(ArchiveItem item, InputStream content) throws IOException {
    List<String> parts = EntryNames.parts(item, limits);
    parts = EntryNames.strip(parts, stripComponents);
    if (parts == null) {
      return false; // removed by stripComponents, like GNU tar
    }
    EntryNames.requireContained(parts);
    if (EntryNames.namesDirectoryItself(parts) && !item.isDirectory()) {
      throw new BadEntryException("a " + item.describe() + " cannot be named '.', '..' or '/'");
    }
    return write(item, EntryNames.join(base, parts), content);
  }

  /** A layer's entry; see {@link LayerTarReader.Events#entry}. */
  @Override
  public boolean entry(ArchiveItem item, String name, InputStream content) throws IOException {
    return write(item, name, content);
  }

  /** Writes the object {@code unsafe} names; true if it read exactly the entry's content. */
  private boolean write(ArchiveItem item, String unsafe, InputStream content) throws IOException {
    // The last component is not followed: a symlink there is the object to replace (a name that
    // ends in '.' or '..' names a directory and resolves whole).
    Sandbox.Resolved resolved = sandbox.resolveEntry(unsafe, memo);
    ensureParents(resolved.imagePath());
    boolean consumed = false;
    if (item.isHardlink()) {
      writeHardlink(resolved, item);
    } else if (item.type() == FileType.DIRECTORY) {
      writeDirectory(resolved, item);
    } else if (item.type() == FileType.SYMLINK) {
      writeSymlink(resolved, item);
    } else {
      writeFile(resolved, item, content);
      consumed = true;
    }
    layerWrites.wrote(resolved.imagePath());
    if (names != null) {
      names.add(item.name());
    }
    entries++;
    return consumed;
  }

  /** Sets the deferred directory times. */
  @Override
  public void end() throws IOException {
    for (DirectoryTime time : directoryTimes) {
      Path host = sandbox.hostPath(time.imagePath());
      BasicFileAttributes attributes = NoFollow.lstat(host);
      if (attributes != null
          && attributes.isDirectory()
          && Objects.equals(attributes.fileKey(), time.fileKey())) {
        NoFollow.setMtime(host, time.mtimeSeconds());
      }
    }
  }

  /** What the extraction did. */
  ExtractReport report() {
    return new ExtractReport(entries, bytes, whiteouts, names == null ? List.of() : names);
  }

  /** Counts bytes drained from an entry body against the total budget. */
  @Override
  public void skipped(long drained) throws BadEntryException {
    charge(drained);
  }

  // ---- whiteouts (layer mode only) ----

  @Override
  public void whiteout(String name) throws IOException {
    Sandbox.Resolved victim = sandbox.resolveEntry(name, memo);
    if (layerWrites.whiteout(victim.imagePath(), onDisk)) {
      whiteouts.add(victim.imagePath());
    }
  }

  @Override
  public void opaque(String directory) throws IOException {
    Sandbox.Resolved dir = sandbox.resolve(directory, memo);
    if (layerWrites.opaque(dir.imagePath(), onDisk)) {
      whiteouts.add(ImagePaths.child(dir.imagePath(), "") + " (opaque)");
    }
  }

  // ---- entry kinds ----

  private void writeDirectory(Sandbox.Resolved at, ArchiveItem item) throws IOException {
    Path host = at.hostPath();
    BasicFileAttributes existing = NoFollow.lstat(host);
    if (existing == null || !existing.isDirectory()) {
      removeExisting(at, existing);
      Files.createDirectory(host);
    }
    if (!at.imagePath().equals("/")) { // the root stays 0700 on disk (CVE-2021-41103)
      NoFollow.setPermissions(host, (item.mode() & 0777) | 0700);
    }
    sandbox.setMetadata(at.imagePath(), metadata(item, FileType.DIRECTORY));
    directoryTimes.add(
        new DirectoryTime(at.imagePath(), NoFollow.lstat(host).fileKey(), item.mtimeSeconds()));
  }

  private void writeFile(Sandbox.Resolved at, ArchiveItem item, InputStream content)
      throws IOException {
    FileType type = item.type();
    if (type != FileType.REGULAR && item.size() > 0) {
      throw new BadEntryException("a " + item.describe() + " entry with content");
    }
    if (item.devMajor() > 0xffff_ffffL || item.devMinor() > 0xffff_ffffL) {
      throw new BadEntryException("device number out of range");
    }
    Path host = at.hostPath();
    removeExisting(at, NoFollow.lstat(host));
    charge(item.size());
    boolean complete = false;
    // Devices and FIFOs stay empty regular files: no mknod unprivileged, and a FIFO on disk would
    // block whoever opens it (L16).
    try (SeekableByteChannel channel =
        Files.newByteChannel(
            host,
            Set.<java.nio.file.OpenOption>of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW),
            PosixFilePermissions.asFileAttribute(HostFiles.permissions(0600)))) {
      copyExactly(content, Channels.newOutputStream(channel), item.size());
      complete = true;
    } finally {
      if (!complete) {
        Files.deleteIfExists(host); // unlink; never leave a truncated file behind (L24)
      }
    }
    NoFollow.setPermissions(host, (item.mode() & 0777) | 0600);
    NoFollow.setMtime(host, item.mtimeSeconds());
    sandbox.setMetadata(at.imagePath(), metadata(item, type));
  }

  private void writeSymlink(Sandbox.Resolved at, ArchiveItem item) throws IOException {
    String target = item.symlinkTarget(); // checked by EntryNames.parts
    Path host = at.hostPath();
    removeExisting(at, NoFollow.lstat(host));
    // Kept verbatim for the layers (up to the JDK's removal of redundant slashes); the host holds
    // a text that the host kernel, too, resolves inside the sandbox (H1-H8).
    sandbox.createSymlink(at.imagePath(), target);
    memo.forget(); // a new symlink changes how names through it resolve
    NoFollow.setMtime(host, item.mtimeSeconds()); // no-follow view: lutimes on the link itself
    sandbox.setMetadata(
        at.imagePath(),
        new Metadata(0777, item.uid(), item.gid(), FileType.SYMLINK, 0, 0, item.xattrs()));
  }

  private void writeHardlink(Sandbox.Resolved at, ArchiveItem item) throws IOException {
    String linkName = item.hardlinkTarget(); // checked by EntryNames.parts
    List<String> targetParts = EntryNames.split(linkName, limits);
    if (mode == Mode.USER_ARCHIVE) {
      targetParts = EntryNames.strip(targetParts, stripComponents);
      if (targetParts == null) {
        throw new BadEntryException(
            "hardlink target " + linkName + " is removed by stripComponents");
      }
      EntryNames.requireContained(targetParts);
    }
    if (EntryNames.namesDirectoryItself(targetParts)) {
      throw new BadEntryException("hardlink to a directory (" + linkName + ")");
    }
    // The target's last component is not followed: a link to a symlink links the symlink (P14).
    Sandbox.Resolved target = sandbox.resolveEntry(EntryNames.join(base, targetParts), memo);
    BasicFileAttributes targetAttributes = NoFollow.lstat(target.hostPath());
    if (targetAttributes == null) {
      throw new BadEntryException(
          "hardlink target "
              + linkName
              + " does not exist in the sandbox (it must come earlier in the archive or a lower"
              + " layer)");
    }
    if (targetAttributes.isDirectory()) {
      throw new BadEntryException("hardlink to a directory (" + linkName + ")");
    }
    if (target.imagePath().equals(at.imagePath())) {
      return;
    }
    if (ImagePaths.isWithin(target.imagePath(), at.imagePath())) {
      throw new BadEntryException("hardlink would replace a directory holding its own target");
    }
    Path host = at.hostPath();
    BasicFileAttributes existing = NoFollow.lstat(host);
    if (existing != null && Objects.equals(existing.fileKey(), targetAttributes.fileKey())) {
      return; // already this inode
    }
    removeExisting(at, existing);
    // The header's mode/owner/mtime are ignored: they would change the shared inode (L15). Past
    // the host's limit of links per inode, the sandbox spreads the names over copies (M2).
    sandbox.hardlink(at.imagePath(), target.imagePath());
    if (targetAttributes.isSymbolicLink()) {
      memo.forget(); // a hardlink to a symlink is a new symlink
    }
  }

  // ---- helpers ----

  private void removeExisting(Sandbox.Resolved at, BasicFileAttributes existing)
      throws IOException {
    if (existing == null) {
      return;
    }
    if (at.imagePath().equals("/")) {
      throw new BadEntryException("the entry would replace the root directory");
    }
    if (!existing.isRegularFile()) {
      memo.forget(); // a symlink, or a directory that may hold some, goes away
    }
    sandbox.delete(at.imagePath()); // unlink or recursive no-follow removal
  }

  /**
   * Creates the missing parents of {@code imagePath} as plain 0755 directories (one mode whatever
   * the umask, L31). The path came from securejoin, so no component is a symlink; a regular file in
   * the way is an error (P22).
   */
  private void ensureParents(String imagePath) throws IOException {
    ensureDirectory(ImagePaths.parent(imagePath));
  }

  private void ensureDirectory(String imagePath) throws IOException {
    String prefix = "/";
    for (String component : ImagePaths.components(imagePath)) {
      prefix = ImagePaths.child(prefix, component);
      Path host = sandbox.hostPath(prefix);
      BasicFileAttributes attributes = NoFollow.lstat(host);
      if (attributes == null) {
        Files.createDirectory(host);
        NoFollow.setPermissions(host, 0755);
      } else if (attributes.isSymbolicLink()) {
        throw new IOException("sandbox changed during extraction: " + prefix + " is a symlink");
      } else if (!attributes.isDirectory()) {
        throw new BadEntryException(
            "cannot create "
                + imagePath
                + ": "
                + prefix
                + " is a file, not a directory (add a directory entry for it first)");
      }
    }
  }

  private void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long remaining = size;
    while (remaining > 0) {
      int n;
      try {
        n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      } catch (BadEntryException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new BadEntryException("corrupt archive data: " + e, e);
      }
      if (n < 0) {
        throw new BadEntryException(
            "the archive ends inside this entry: "
                + remaining
                + " of "
                + size
                + " bytes are missing");
      }
      out.write(buffer, 0, n);
      remaining -= n;
    }
    bytes += size;
  }

  private void charge(long size) throws BadEntryException {
    if (size > limits.maxTotalBytes() - bytes) {
      throw new BadEntryException(
          "the archive holds more than the limit of "
              + limits.maxTotalBytes()
              + " bytes of content");
    }
  }

  private static Metadata metadata(ArchiveItem item, FileType type) {
    return new Metadata(
        item.mode() & 07777,
        item.uid(),
        item.gid(),
        type,
        type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? item.devMajor() : 0,
        type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? item.devMinor() : 0,
        item.xattrs());
  }
}
