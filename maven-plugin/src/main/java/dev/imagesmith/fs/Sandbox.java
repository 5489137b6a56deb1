package dev.imagesmith.fs;

import dev.imagesmith.io.HostFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A chroot-free filesystem sandbox: a host directory that plays a stage's root filesystem.
 *
 * <p>Every image path is resolved inside the root with {@link SecureJoin} semantics, walks never
 * follow links, and what the host cannot hold unprivileged (setuid bits, foreign owners, devices,
 * capabilities) lives in a metadata overlay instead of on host files. The root directory itself is
 * mode 0700 so that other host users cannot reach anything inside (CVE-2021-41103).
 *
 * <p>Symlinks are created only through {@link #createSymlink} and {@link #hardlink}, which give
 * each link a host text that the host kernel, too, resolves inside the root ({@link HostLinkText}):
 * a host-mode {@code run} step follows {@code $STAGE_ROOT/lib64} to the stage's {@code /usr/lib64},
 * never the host's. The target as written stays in the overlay: {@link #walk}, {@link #stat} and
 * {@link #resolve} see it, so layers hold it byte for byte. Links that a host process wrote are
 * brought in line by {@link #secureLinks}.
 *
 * <p>A sandbox has one writer at a time: the stage that owns it. Nothing here is safe against a
 * concurrent process swapping path components (see security-cases.md P23).
 */
public final class Sandbox {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final MetadataOverlay overlay = new MetadataOverlay();
  private final SecureJoin.LinkReader writtenTargets = this::writtenTarget;
  private final HostLinks links;
  private final LongAdder lookups = new LongAdder();
  private final LinkSpreader spreader = new LinkSpreader(this, overlay);
  private final SandboxEntryReader entries = new SandboxEntryReader(overlay);

  /** True while a link may hold a text that leads out of the root (see {@link #secureLinks}). */
  private boolean linksUnchecked;

  /** Where a command's inode pins go ({@link #pinRecordedInodes}): the root's parent unless set. */
  private Path scratch;

  private Sandbox(Path root) {
    this.root = root;
    this.links =
        new HostLinks(
            this,
            overlay,
            (start, unsafe) -> SecureJoin.resolve(root, start, unsafe, writtenTargets, lookups));
  }

  /** Creates (or reuses) {@code root} as an empty-or-existing sandbox with mode 0700. */
  public static Sandbox create(Path root) throws IOException {
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Sandbox sandbox = new Sandbox(root.toRealPath());
    try (var children = Files.list(sandbox.root)) {
      sandbox.linksUnchecked = children.findAny().isPresent(); // files this object did not write
    }
    return sandbox;
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
    sandbox.linksUnchecked = true;
    return sandbox;
  }

  /**
   * As {@link #reopen(Path, Path)} for a sandbox whose objects at {@code moved} (clean paths) were
   * moved out and back since the metadata was saved ({@link #moveAside}): for those and the
   * directories above them, the same inode is enough, as a rename moves the ctime.
   */
  public static Sandbox reopen(Path root, Path metadataFile, Collection<String> moved)
      throws IOException {
    Sandbox sandbox = new Sandbox(root.toRealPath());
    MetadataFile.read(
        metadataFile,
        sandbox,
        sandbox.overlay,
        path ->
            moved.stream()
                .anyMatch(
                    object ->
                        ImagePaths.isWithin(path, object) || ImagePaths.isWithin(object, path)));
    sandbox.linksUnchecked = true;
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
    return resolve(unsafePath, null);
  }

  /**
   * As {@link #resolve(String)}, reusing and recording results in {@code memo} (may be {@code
   * null}).
   */
  public Resolved resolve(String unsafePath, ResolveMemo memo) throws IOException {
    List<String> components = join(unsafePath, memo);
    return new Resolved(ImagePaths.join(components), SecureJoin.hostPath(root, components));
  }

  /**
   * How many path components resolutions in this sandbox have looked up on disk (an lstat each)
   * since it was opened: what a resolution costs, counted for complexity tests.
   */
  public long lookups() {
    return lookups.sum();
  }

  private List<String> join(String unsafePath, ResolveMemo memo) throws IOException {
    List<String> known = memo == null ? null : memo.get(unsafePath);
    if (known != null) {
      return known;
    }
    List<String> components =
        SecureJoin.resolve(root, List.of(), unsafePath, writtenTargets, lookups);
    if (memo != null) {
      memo.put(unsafePath, components);
    }
    return components;
  }

  /**
   * Resolves an untrusted path for creating, replacing or deleting the object it names: the parent
   * is resolved with symlinks followed, the last component is not (a symlink there is the object
   * itself). A path whose last component is empty, {@code .} or {@code ..} names a directory and is
   * resolved whole.
   */
  public Resolved resolveEntry(String unsafePath) throws IOException {
    return resolveEntry(unsafePath, null);
  }

  /**
   * As {@link #resolveEntry(String)}, reusing and recording the parent's resolution in {@code memo}
   * (may be {@code null}).
   */
  public Resolved resolveEntry(String unsafePath, ResolveMemo memo) throws IOException {
    List<String> components = SecureJoin.resolveEntry(unsafePath, path -> join(path, memo));
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
   * Creates a symlink at {@code cleanPath} (its parent a directory, nothing at the path itself) to
   * {@code target}, exactly as an archive, a project or a command wrote it. The host holds a text
   * that resolves inside the root for the host kernel too ({@link HostLinkText}); the layers,
   * {@link #stat} and {@link #resolve} see {@code target}.
   */
  public void createSymlink(String cleanPath, String target) throws IOException {
    links.createSymlink(cleanPath, target);
  }

  /**
   * Gives every symlink of the sandbox a host text that resolves inside the root, whoever wrote it:
   * call before a host process that may follow links runs in the sandbox (a {@code run} step wrote
   * its own links as it liked, and an archive may have been unpacked around them since). The
   * targets as written, which the layers hold, do not change. Walks the whole tree; rewrites only
   * the links that need it, keeping their mtimes and their directories'.
   */
  public void secureLinks() throws IOException {
    links.secureAll();
    linksUnchecked = false;
  }

  /**
   * Call right before a host process that may follow or write links starts in the sandbox: {@link
   * #secureLinks} if anything but this object may have written links since it last ran (an earlier
   * host process, or files that were there before this object), and from then on assume that the
   * coming process does. The plugin's own writers keep every link safe as they make it, so the
   * first host process of a fresh stage costs no walk.
   */
  public void prepareForHostProcess() throws IOException {
    if (linksUnchecked) {
      secureLinks();
    }
    linksUnchecked = true;
  }

  /**
   * Records what the image says about the object at {@code cleanPath} (which must exist on disk);
   * the record is tied to the current host inode and ignored once that inode is replaced.
   */
  public void setMetadata(String cleanPath, Metadata metadata) throws IOException {
    Object fileKey =
        Files.readAttributes(hostPath(cleanPath), BasicFileAttributes.class, NOFOLLOW).fileKey();
    Metadata before = overlay.get(cleanPath, fileKey);
    if (metadata.linkGroup() == null && before != null && before.linkGroup() != null) {
      metadata = metadata.inLinkGroup(before.linkGroup()); // the same inode stays in its group
    }
    overlay.put(cleanPath, metadata, fileKey);
  }

  /**
   * Records that the regular file at {@code cleanPath} is not a copy but a project file's own inode
   * linked in at {@code sinceSeconds}, with content {@code sha256}: the image sees it as the copy
   * it stands for, made then (its mtime), and a later build that keeps the stage checks its content
   * first ({@link #borrowed}). Nothing may write it: it is the project's file.
   *
   * @param fileKey the inode's key as the caller read it after making the link (one {@code lstat}
   *     per linked file, not two)
   */
  public void recordBorrowed(String cleanPath, long sinceSeconds, String sha256, Object fileKey) {
    overlay.putBorrowed(cleanPath, sinceSeconds, sha256, fileKey);
  }

  /** The SHA-256 (hex) each borrowed file had when it was linked in, by host path. */
  public Map<Path, String> borrowed() throws IOException {
    Map<Path, String> borrowed = new java.util.LinkedHashMap<>();
    overlay.forEachBorrowed((path, since, sha256) -> borrowed.put(hostPath(path), sha256));
    return borrowed;
  }

  /**
   * Makes {@code cleanPath} (where nothing may be) another name of the object at the clean path
   * {@code targetPath}, with the target's metadata (mode, owner, xattrs): a hardlink to it, never
   * to what a symlink there points to. Where the host file system holds no more links to that
   * inode, the name gets a copy that the sandbox records as the same inode, and layers still write
   * it as a hardlink ({@link LinkSpreader}). For a symlink, the one text the names share is made
   * safe from the shallower of them ({@link HostLinks}).
   */
  public void hardlink(String cleanPath, String targetPath) throws IOException {
    links.createHardlink(cleanPath, targetPath, spreader::link);
  }

  /**
   * Brackets a host command that changes the sandbox behind its back (a {@code run} step): when
   * closed, a name the sandbox had recorded as part of a spread inode ({@link #hardlink}) whose
   * inode the command changed is a file of its own again, never mistaken for the others; a mode the
   * command gave a recorded object becomes its record's ({@link HostChmods}). While it is open,
   * every recorded inode is pinned ({@link InodePins}): a file the command makes in place of a
   * recorded one cannot get its inode number, and with it its record.
   */
  public Closeable hostCommand() throws IOException {
    Closeable pins = pinRecordedInodes();
    try {
      // After pinning, which moves the pinned inodes' ctime.
      Map<String, String> before = spreader.groupIdentities();
      HostChmods modes = HostChmods.before(this); // and a chmod of a recorded object is kept
      return () -> {
        try (pins) {
          spreader.leaveChangedGroups(before);
          modes.adopt();
        }
      };
    } catch (IOException | RuntimeException e) {
      pins.close();
      throw e;
    }
  }

  /**
   * Keeps every recorded object's inode alive until closed, so that no object a command makes
   * meanwhile gets its number and its record ({@link InodePins}); for a command inside the stage,
   * taken before {@link MetadataSync#project} and closed after {@link MetadataSync#absorb}.
   */
  public Closeable pinRecordedInodes() throws IOException {
    return InodePins.pin(this, overlay, scratch != null ? scratch : root.getParent());
  }

  /**
   * Tells the sandbox a directory of the caller's, on the sandbox's file system, for the
   * short-lived directory it makes while a command runs ({@link #pinRecordedInodes}); without it,
   * the root's parent, which in a build is the build's own {@code stages} directory.
   */
  public void useScratchDirectory(Path directory) {
    this.scratch = directory;
  }

  /** What the image says about the object at {@code cleanPath}, as a record of the overlay. */
  Metadata metadataOf(String cleanPath) throws IOException {
    SandboxEntry entry = entry(cleanPath, hostPath(cleanPath));
    return new Metadata(
        entry.mode(),
        entry.uid(),
        entry.gid(),
        entry.type(),
        entry.devMajor(),
        entry.devMinor(),
        entry.xattrs(),
        SandboxEntryReader.linkGroupOf(entry.fileKey()));
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
    // One lstat per object (the reader's): a walk with attributes would add one more each.
    List<SandboxEntry> listed = new ArrayList<>();
    Deque<SandboxEntry> directories = new ArrayDeque<>();
    SandboxEntry first = entries.read(imagePathOf(start), start, true);
    if (first != null) {
      listed.add(first);
      if (first.isDirectory()) {
        directories.push(first);
      }
    }
    while (!directories.isEmpty()) {
      SandboxEntry directory = directories.pop();
      try (DirectoryStream<Path> children = Files.newDirectoryStream(directory.hostPath())) {
        for (Path child : children) {
          String imagePath = ImagePaths.child(directory.path(), child.getFileName().toString());
          SandboxEntry entry = entries.read(imagePath, child, true);
          if (entry != null) {
            listed.add(entry);
            if (entry.isDirectory()) {
              directories.push(entry);
            }
          }
        }
      }
    }
    listed.sort(Comparator.comparing(SandboxEntry::path, Sandbox::comparePaths));
    return listed;
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
   * Moves the object at {@code cleanPath} (a directory with everything below it) out of the sandbox
   * to the same path below {@code asideRoot}, a directory of the caller's on the same file system
   * (a rename: nothing is copied), and forgets its metadata as {@link #delete} does. The caller
   * saved the metadata before and moves it back before {@link #reopen(Path, Path, Collection)}.
   */
  public void moveAside(String cleanPath, Path asideRoot) throws IOException {
    Path start = hostPath(cleanPath);
    if (start.equals(root)) {
      throw new IOException("refusing to move the sandbox root");
    }
    if (Files.exists(start, NOFOLLOW)) {
      Path target = asideRoot.resolve(cleanPath.substring(1));
      Files.createDirectories(target.getParent());
      Files.move(start, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    overlay.removeTree(cleanPath);
  }

  /**
   * Path order used for every listing: byte-wise on components, so parents come before children.
   */
  public static int comparePaths(String a, String b) {
    return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
  }

  String imagePathOf(Path host) {
    Path relative = root.relativize(host);
    return relative.toString().isEmpty() ? "/" : "/" + relative.toString().replace('\\', '/');
  }

  /** A link's target as written: the overlay's if the host holds a rewritten text. */
  private String writtenTarget(List<String> components, Path host, BasicFileAttributes attributes)
      throws IOException {
    String onHost = Files.readSymbolicLink(host).toString();
    return overlay.linkTarget(ImagePaths.join(components), attributes.fileKey(), onHost);
  }

  private SandboxEntry entry(String cleanPath, Path host) throws IOException {
    return entries.read(cleanPath, host);
  }
}
