package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a sandbox's metadata overlay true across a command that runs inside the stage (a
 * stage-isolated {@code run} step), which sees and changes host files directly.
 *
 * <p>{@link #project} makes the host files say what the overlay says before the command runs: each
 * recorded mode is put on its file (setuid bits, a {@code 0555} directory), and the recorded owners
 * are handed back to be given inside the namespace (or, under {@link Owners#HOST_IDS}, given here).
 * The command then sees the files as the image has them, and whatever it changes is on disk.
 *
 * <p>The sandbox root is mode 0700 on disk, so that no other host user reaches a setuid file inside
 * (CVE-2021-41103). Inside the stage it is {@code /}, which every user of the image must be able to
 * enter ({@code su nobody -c make}): for the step, the root's parent is made 0700 instead (it must
 * belong to the root's owner) and the root gets the image's mode; {@link #absorb} puts both back.
 *
 * <p>{@link #absorb} reads the truth back after the command: every object's mode from the host, its
 * owner from the namespace's manifest (or as {@link Owners} says), FIFOs and device nodes the
 * command made become records (and empty files on disk, as the extractor keeps them), hardlinked
 * names share one record, records of deleted or replaced objects are dropped. Then the host files
 * are made the plugin's again: directories {@code u+rwx}, files {@code u+rw}, no setuid bits, the
 * real modes in the overlay. Both walk without following symlinks and fix a directory's mode before
 * reading it, so a {@code chmod 000} by the command cannot hide anything.
 */
public final class MetadataSync {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,rdev,fileKey,isDirectory,isSymbolicLink,isRegularFile";
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHAR = 0020000;
  private static final int BLOCK = 0060000;

  /** Where the owners the command leaves come from. */
  public enum Owners {
    /** The namespace's manifest: files it does not list are root's (unshare with an id range). */
    MANIFEST,
    /** Only root exists inside: a recorded owner stays as it was (unshare or bwrap, one id). */
    KEEP_RECORDED,
    /** The host's own ids are the image's (proot run by root): read, then given back to root. */
    HOST_IDS
  }

  /** What {@link #project} saw, for {@link #absorb}. */
  public static final class Projection {
    private final Sandbox sandbox;
    private final Owners owners;
    private final Map<String, Recorded> recorded = new HashMap<>();
    private final List<OwnerRecord> toGive = new ArrayList<>();
    private int parentMode = -1;

    private Projection(Sandbox sandbox, Owners owners) {
      this.sandbox = sandbox;
      this.owners = owners;
    }

    /** The owners other than root to give inside the namespace (under {@link Owners#MANIFEST}). */
    public List<OwnerRecord> ownersToGive() {
      return owners == Owners.MANIFEST ? List.copyOf(toGive) : List.of();
    }
  }

  private record Recorded(Object fileKey, Metadata metadata) {}

  private record Change(Path host, OwnerRecord owner, int mode, boolean chown) {}

  private MetadataSync() {}

  /** Puts the overlay's modes (and, under {@link Owners#HOST_IDS}, owners) on the host files. */
  public static Projection project(Sandbox sandbox, Owners owners) throws IOException {
    Projection projection = new Projection(sandbox, owners);
    lendRoot(sandbox, projection);
    try {
      projectAll(sandbox, owners, projection);
    } catch (IOException | RuntimeException e) {
      takeRootBack(projection);
      throw e;
    }
    return projection;
  }

  private static void projectAll(Sandbox sandbox, Owners owners, Projection projection)
      throws IOException {
    List<Change> changes = new ArrayList<>();
    walk(
        sandbox,
        (imagePath, host, attributes) -> {
          Object fileKey = attributes.get("fileKey");
          Metadata metadata = sandbox.overlay().get(imagePath, fileKey);
          if (metadata == null) {
            return;
          }
          projection.recorded.put(imagePath, new Recorded(fileKey, metadata));
          boolean symlink = (Boolean) attributes.get("isSymbolicLink");
          boolean foreign = metadata.uid() != 0 || metadata.gid() != 0;
          OwnerRecord owner =
              new OwnerRecord(imagePath, metadata.uid(), metadata.gid(), metadata.mode(), symlink);
          if (foreign) {
            projection.toGive.add(owner);
          }
          boolean chown = foreign && owners == Owners.HOST_IDS;
          int mode = (Integer) attributes.get("mode") & 07777;
          if (!imagePath.equals("/") && (chown || !symlink && mode != metadata.mode())) {
            changes.add(new Change(host, owner, metadata.mode(), chown));
          }
        });
    // Children first: a parent made 0500 must not stop the plugin from reaching them.
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change change = changes.get(i);
      if (change.chown()) {
        Files.setAttribute(change.host(), "unix:uid", (int) change.owner().uid(), NOFOLLOW);
        Files.setAttribute(change.host(), "unix:gid", (int) change.owner().gid(), NOFOLLOW);
      }
      if (!change.owner().symlink()) {
        Files.setAttribute(change.host(), "unix:mode", change.mode(), NOFOLLOW);
      }
    }
  }

  /** Locks the root's parent (0700) and gives the root the image's mode for the step. */
  private static void lendRoot(Sandbox sandbox, Projection projection) throws IOException {
    Path root = sandbox.root();
    Path parent = root.getParent();
    Map<String, Object> rootAttributes =
        Files.readAttributes(root, "unix:uid,mode,fileKey", NOFOLLOW);
    Map<String, Object> parentAttributes = Files.readAttributes(parent, "unix:uid,mode", NOFOLLOW);
    if (!parentAttributes.get("uid").equals(rootAttributes.get("uid"))) {
      throw new IOException(
          "the stage directory's parent "
              + parent
              + " belongs to another user than the stage: it cannot guard the stage while a"
              + " command runs inside it");
    }
    projection.parentMode = (Integer) parentAttributes.get("mode") & 07777;
    if (projection.parentMode != 0700) {
      Files.setAttribute(parent, "unix:mode", 0700, NOFOLLOW);
    }
    Metadata recorded = sandbox.overlay().get("/", rootAttributes.get("fileKey"));
    Files.setAttribute(root, "unix:mode", recorded == null ? 0755 : recorded.mode(), NOFOLLOW);
  }

  /** Gives the root back its 0700 and the parent its own mode. */
  private static void takeRootBack(Projection projection) throws IOException {
    Path root = projection.sandbox.root();
    Files.setAttribute(root, "unix:mode", 0700, NOFOLLOW);
    if (projection.parentMode >= 0 && projection.parentMode != 0700) {
      Files.setAttribute(root.getParent(), "unix:mode", projection.parentMode, NOFOLLOW);
    }
  }

  /**
   * Reads what the command left into the overlay and gives the host files back to the plugin.
   *
   * @param manifest the objects the namespace found owned by others (under {@link
   *     Owners#MANIFEST}); their host files are root's again
   * @param hostUid the uid of the user running Maven (root inside), for {@link Owners#HOST_IDS}
   */
  public static void absorb(
      Projection projection, List<OwnerRecord> manifest, long hostUid, long hostGid)
      throws IOException {
    try {
      absorbAll(projection, manifest, hostUid, hostGid);
    } finally {
      takeRootBack(projection);
    }
  }

  private static void absorbAll(
      Projection projection, List<OwnerRecord> manifest, long hostUid, long hostGid)
      throws IOException {
    Sandbox sandbox = projection.sandbox;
    List<Seen> seen = new ArrayList<>();
    walk(sandbox, (imagePath, host, attributes) -> seen.add(new Seen(imagePath, host, attributes)));
    Map<String, Object> keys = new HashMap<>();
    seen.forEach(object -> keys.put(object.imagePath(), object.attributes().get("fileKey")));
    // A new name of a recorded inode (a hardlink the command made) shares its record; an inode
    // number reused by a new file after a delete does not, as its recorded name is gone.
    Map<Object, Recorded> byInode = new HashMap<>();
    projection.recorded.forEach(
        (path, recorded) -> {
          if (recorded.fileKey().equals(keys.get(path))) {
            byInode.putIfAbsent(recorded.fileKey(), recorded);
          }
        });
    Map<String, OwnerRecord> owned = new HashMap<>();
    manifest.forEach(record -> owned.put(record.path(), record));
    for (Seen object : seen) {
      Object fileKey = object.attributes().get("fileKey");
      Recorded recorded = byInode.get(fileKey);
      Metadata truth =
          object.imagePath().equals("/")
              ? rootTruth(object.attributes(), projection.recorded.get("/"), fileKey)
              : truth(
                  projection.owners,
                  object.attributes(),
                  recorded,
                  owned.get(object.imagePath()),
                  hostUid,
                  hostGid);
      settle(projection.owners, sandbox, object, truth, hostUid, hostGid);
    }
    List<String> stale = new ArrayList<>();
    sandbox
        .overlay()
        .forEach(
            (path, metadata, fileKey) -> {
              if (!keys.containsKey(path)) {
                stale.add(path);
              }
            });
    stale.forEach(sandbox.overlay()::remove);
  }

  private record Seen(String imagePath, Path host, Map<String, Object> attributes) {}

  /**
   * The root had the image's mode during the step (0755 without a record), which is what the record
   * keeps; it stays 0700 on disk.
   */
  private static Metadata rootTruth(
      Map<String, Object> attributes, Recorded recorded, Object fileKey) {
    int mode = (Integer) attributes.get("mode") & 07777;
    if (recorded != null && recorded.fileKey().equals(fileKey)) {
      Metadata was = recorded.metadata();
      return new Metadata(
          mode, was.uid(), was.gid(), was.type(), was.devMajor(), was.devMinor(), was.xattrs());
    }
    return mode == 0755 ? null : Metadata.of(mode, 0, 0, FileType.DIRECTORY);
  }

  private static Metadata truth(
      Owners owners,
      Map<String, Object> attributes,
      Recorded recorded,
      OwnerRecord owned,
      long hostUid,
      long hostGid) {
    int rawMode = (Integer) attributes.get("mode");
    int mode = owned != null ? owned.mode() : rawMode & 07777;
    long uid = 0;
    long gid = 0;
    if (owned != null) {
      uid = owned.uid();
      gid = owned.gid();
    } else if (owners == Owners.KEEP_RECORDED && recorded != null) {
      uid = recorded.metadata().uid();
      gid = recorded.metadata().gid();
    } else if (owners == Owners.HOST_IDS) {
      long hostOwner = ((Number) attributes.get("uid")).longValue();
      long hostGroup = ((Number) attributes.get("gid")).longValue();
      uid = hostOwner == hostUid ? 0 : hostOwner;
      gid = hostGroup == hostGid ? 0 : hostGroup;
    }
    FileType type = FileType.REGULAR;
    long major = 0;
    long minor = 0;
    if ((Boolean) attributes.get("isDirectory")) {
      type = FileType.DIRECTORY;
    } else if ((Boolean) attributes.get("isSymbolicLink")) {
      type = FileType.SYMLINK;
      mode = 0777;
    } else if (!(Boolean) attributes.get("isRegularFile")) {
      long rdev = ((Number) attributes.get("rdev")).longValue();
      switch (rawMode & TYPE_MASK) {
        case FIFO -> type = FileType.FIFO;
        case CHAR -> type = FileType.CHAR_DEVICE;
        case BLOCK -> type = FileType.BLOCK_DEVICE;
        default -> {
          return null; // a socket: never part of an image
        }
      }
      if (type != FileType.FIFO) {
        major = ((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL);
        minor = ((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL);
      }
    } else if (recorded != null && recorded.metadata().type() != FileType.REGULAR) {
      type = recorded.metadata().type(); // still the empty file that keeps a device or FIFO
      major = recorded.metadata().devMajor();
      minor = recorded.metadata().devMinor();
    }
    return new Metadata(
        mode,
        uid,
        gid,
        type,
        major,
        minor,
        recorded == null ? Map.of() : recorded.metadata().xattrs());
  }

  /** Makes the host file the plugin's again and records what the host no longer says. */
  private static void settle(
      Owners owners, Sandbox sandbox, Seen object, Metadata truth, long hostUid, long hostGid)
      throws IOException {
    String imagePath = object.imagePath();
    Path host = object.host();
    Map<String, Object> attributes = object.attributes();
    if (imagePath.equals("/")) {
      if (truth == null) {
        sandbox.overlay().remove(imagePath);
      } else {
        sandbox.setMetadata(imagePath, truth);
      }
      return;
    }
    if (truth == null) {
      sandbox.overlay().remove(imagePath);
      return;
    }
    boolean onDisk =
        (Boolean) attributes.get("isRegularFile")
            || (Boolean) attributes.get("isDirectory")
            || (Boolean) attributes.get("isSymbolicLink");
    if (!onDisk) {
      // A FIFO would block whoever opens it, a device is the host's: an empty file keeps its place.
      Files.delete(host);
      Files.createFile(host);
    }
    if (owners == Owners.HOST_IDS
        && (((Number) attributes.get("uid")).longValue() != hostUid
            || ((Number) attributes.get("gid")).longValue() != hostGid)) {
      Files.setAttribute(host, "unix:uid", (int) hostUid, NOFOLLOW);
      Files.setAttribute(host, "unix:gid", (int) hostGid, NOFOLLOW);
    }
    int onHost = truth.mode();
    if (truth.type() == FileType.DIRECTORY) {
      onHost = (truth.mode() & 0777) | 0700;
    } else if (truth.type() != FileType.SYMLINK) {
      onHost = (truth.mode() & 0777) | 0600;
    }
    if (truth.type() != FileType.SYMLINK
        && (!onDisk || ((Integer) attributes.get("mode") & 07777) != onHost)) {
      Files.setAttribute(host, "unix:mode", onHost, NOFOLLOW);
    }
    boolean plain =
        truth.uid() == 0
            && truth.gid() == 0
            && truth.xattrs().isEmpty()
            && truth.mode() == onHost
            && (truth.type() == FileType.REGULAR
                || truth.type() == FileType.DIRECTORY
                || truth.type() == FileType.SYMLINK);
    if (plain) {
      sandbox.overlay().remove(imagePath);
    } else {
      sandbox.setMetadata(imagePath, truth);
    }
  }

  private interface Visitor {
    void visit(String imagePath, Path host, Map<String, Object> attributes) throws IOException;
  }

  /**
   * Every object of the sandbox, parents first, symlinks not followed; a directory the plugin could
   * not read or enter is made {@code u+rwx} first (its mode in the attributes is the one it had).
   */
  private static void walk(Sandbox sandbox, Visitor visitor) throws IOException {
    visit(sandbox.root(), "/", visitor);
  }

  private static void visit(Path host, String imagePath, Visitor visitor) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(host, ATTRIBUTES, NOFOLLOW);
    boolean directory = (Boolean) attributes.get("isDirectory");
    if (directory && ((Integer) attributes.get("mode") & 0700) != 0700) {
      Files.setAttribute(
          host, "unix:mode", ((Integer) attributes.get("mode") & 07777) | 0700, NOFOLLOW);
    }
    visitor.visit(imagePath, host, attributes);
    if (!directory) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(host)) {
      stream.forEach(children::add);
    }
    children.sort(null);
    for (Path child : children) {
      visit(child, ImagePaths.child(imagePath, child.getFileName().toString()), visitor);
    }
  }
}
