package dev.imagesmith.fs;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chroot-free filesystem sandbox: a host directory that plays a stage's root filesystem.
 *
 * <p>Every image path is resolved inside the root with {@link SecureJoin} semantics, walks never
 * follow links, and what the host cannot hold unprivileged (setuid bits, foreign owners, devices,
 * capabilities) lives in a metadata overlay instead of on host files. The root directory itself is
 * mode 0700 so that other host users cannot reach anything inside (CVE-2021-41103).
 *
 * <p>A sandbox has one writer at a time: the stage that owns it. Nothing here is safe against a
 * concurrent process swapping path components (see SECURITY-CASES.md P23).
 */
public final class Sandbox {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final MetadataOverlay overlay = new MetadataOverlay();

  private Sandbox(Path root) {
    this.root = root;
  }

  /** Creates (or reuses) {@code root} as an empty-or-existing sandbox with mode 0700. */
  public static Sandbox create(Path root) throws IOException {
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    return new Sandbox(root.toRealPath());
  }

  /**
   * Opens a sandbox an earlier build left in {@code root}, with the metadata it saved through
   * {@link #saveMetadata}.
   *
   * @throws IOException if the metadata file is missing or damaged, or an object it describes
   *     changed since (then the sandbox must be built again)
   */
  public static Sandbox reopen(Path root, Path metadataFile) throws IOException {
    // Not create(): its chmod of the root would move the root's ctime, which the check reads.
    Sandbox sandbox = new Sandbox(root.toRealPath());
    MetadataFile.read(metadataFile, sandbox, sandbox.overlay);
    return sandbox;
  }

  /**
   * Saves the metadata overlay (what the host files cannot hold) to {@code file}, atomically, so
   * that {@link #reopen} can bring the sandbox back in a later build.
   */
  public void saveMetadata(Path file) throws IOException {
    MetadataFile.write(file, this, overlay);
  }

  /** The overlay itself, for {@link MetadataSync}. */
  MetadataOverlay overlay() {
    return overlay;
  }

  /** The host directory that plays {@code /}. */
  public Path root() {
    return root;
  }

  /** A path resolved inside the sandbox: its clean image path and its host location. */
  public record Resolved(String imagePath, Path hostPath) {}

  /**
   * Resolves an untrusted path (from an archive or the configuration) following every symlink, the
   * last component included, as a process chrooted into the sandbox would.
   */
  public Resolved resolve(String unsafePath) throws IOException {
    List<String> components = SecureJoin.resolve(root, unsafePath);
    return new Resolved(ImagePaths.join(components), SecureJoin.hostPath(root, components));
  }

  /**
   * Resolves an untrusted path for creating, replacing or deleting the object it names: the parent
   * is resolved with symlinks followed, the last component is not (a symlink there is the object
   * itself). A path whose last component is empty, {@code .} or {@code ..} names a directory and is
   * resolved whole.
   */
  public Resolved resolveEntry(String unsafePath) throws IOException {
    List<String> parts = ImagePaths.components(unsafePath);
    String last = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
    if (last.isEmpty() || last.equals(".") || last.equals("..") || unsafePath.endsWith("/")) {
      return resolve(unsafePath);
    }
    int cut = unsafePath.lastIndexOf(last);
    List<String> parent = SecureJoin.resolve(root, unsafePath.substring(0, cut));
    List<String> components = new ArrayList<>(parent);
    components.add(last);
    return new Resolved(ImagePaths.join(components), SecureJoin.hostPath(root, components));
  }

  /**
   * The host location of a clean image path, without resolving symlinks.
   *
   * @throws IllegalArgumentException if {@code cleanPath} is not clean: a {@code .} or {@code ..}
   *     component would make {@code /a/..} the root itself, so {@link #delete} would empty it
   */
  public Path hostPath(String cleanPath) {
    List<String> components = ImagePaths.components(cleanPath);
    if (!cleanPath.startsWith("/")
        || components.contains(".")
        || components.contains("..")
        || cleanPath.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a clean image path: " + cleanPath);
    }
    return SecureJoin.hostPath(root, components);
  }

  /**
   * Records what the image says about the object at {@code cleanPath} (which must exist on disk);
   * the record is tied to the current host inode and ignored once that inode is replaced.
   */
  public void setMetadata(String cleanPath, Metadata metadata) throws IOException {
    Object fileKey =
        Files.readAttributes(hostPath(cleanPath), BasicFileAttributes.class, NOFOLLOW).fileKey();
    overlay.put(cleanPath, metadata, fileKey);
  }

  /** The object at a clean image path, as the image sees it, or empty if nothing is there. */
  public Optional<SandboxEntry> stat(String cleanPath) throws IOException {
    Path host = hostPath(cleanPath);
    try {
      return Optional.of(entry(cleanPath, host));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Every object at and below {@code cleanPath}, sorted by path (parents before children), links
   * not followed. Empty if nothing is there; just the link if {@code cleanPath} is a symlink.
   */
  public List<SandboxEntry> walk(String cleanPath) throws IOException {
    Path start = hostPath(cleanPath);
    if (!Files.exists(start, NOFOLLOW)) {
      return List.of();
    }
    List<SandboxEntry> entries = new ArrayList<>();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            entries.add(entry(imagePathOf(dir), dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isOther()) { // sockets are never part of an image
              entries.add(entry(imagePathOf(file), file));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    entries.sort(Comparator.comparing(SandboxEntry::path, Sandbox::comparePaths));
    return entries;
  }

  /**
   * Deletes the object at {@code cleanPath} and, for a directory, everything below it, never
   * following a link: removing a symlink removes the link, not its target. Missing is not an error.
   */
  public void delete(String cleanPath) throws IOException {
    Path start = hostPath(cleanPath);
    if (start.equals(root)) {
      throw new IOException("refusing to delete the sandbox root");
    }
    if (Files.exists(start, NOFOLLOW)) {
      HostFiles.deleteTree(start);
    }
    overlay.removeTree(cleanPath);
  }

  /**
   * Path order used for every listing: byte-wise on components, so parents come before children.
   */
  public static int comparePaths(String a, String b) {
    return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
  }

  private String imagePathOf(Path host) {
    Path relative = root.relativize(host);
    return relative.toString().isEmpty() ? "/" : "/" + relative.toString().replace('\\', '/');
  }

  private SandboxEntry entry(String cleanPath, Path host) throws IOException {
    // Only what is used: "unix:*" would also look up owner and group names (NSS calls per file).
    Map<String, Object> unix = Files.readAttributes(host, "unix:mode,nlink", NOFOLLOW);
    BasicFileAttributes basic = Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW);
    Object fileKey = basic.fileKey();
    FileType type =
        basic.isDirectory()
            ? FileType.DIRECTORY
            : basic.isSymbolicLink() ? FileType.SYMLINK : FileType.REGULAR;
    int mode = ((Integer) unix.get("mode")) & 07777;
    long uid = 0;
    long gid = 0;
    long devMajor = 0;
    long devMinor = 0;
    Map<String, byte[]> xattrs = Map.of();
    Metadata recorded = overlay.get(cleanPath, fileKey);
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
    String linkTarget = type == FileType.SYMLINK ? Files.readSymbolicLink(host).toString() : null;
    long size = type == FileType.REGULAR ? basic.size() : 0;
    return new SandboxEntry(
        cleanPath,
        host,
        type,
        size,
        mode,
        uid,
        gid,
        basic.lastModifiedTime().toInstant().getEpochSecond(),
        linkTarget,
        fileKey,
        ((Integer) unix.get("nlink")),
        devMajor,
        devMinor,
        xattrs);
  }
}
