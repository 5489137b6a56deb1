package dev.imagesmith.isolation;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The places in the stage where the step's {@code /proc}, {@code /dev}, {@code /etc/resolv.conf}
 * and {@code /etc/hosts} are mounted. A mount needs an object to cover, so those the stage lacks
 * are created empty for the step and removed afterwards (with their parent's mtime put back unless
 * the command changed the parent too): nothing of the mounts ends up in a layer, and the stage's
 * own files at those paths are covered, never written.
 *
 * <p>The same holds for the mount points of cache mounts ({@link CacheBind}): a directory the stage
 * lacks at or above a cache's target is made for the step (mode 0755) and removed afterwards when
 * it is still empty, so a cache leaves no trace in the stage; a directory the stage has is covered
 * for the step, its content untouched.
 *
 * <p>Each must be what it is meant to be, never a symlink: a mount follows symlinks in the host's
 * view, before the command's root is the stage. A {@code resolv.conf} or {@code hosts} that is a
 * symlink (or a directory) is left alone and not covered, so the command sees what the stage says.
 * The host's own files are copied into the run directory and those copies bound read-only.
 */
final class StageMounts implements AutoCloseable {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final Path HOST_ETC = Path.of("/etc");

  /** What {@link #prepare} made, newest first: the order to remove them in. */
  private final Deque<Created> created = new ArrayDeque<>();

  private record Created(Path path, FileTime parentBefore, FileTime parentAfter) {}

  private StageMounts() {}

  /**
   * Makes the mount points the stage lacks and copies the host's {@code resolv.conf} and {@code
   * hosts} into {@code runDirectory} for those that are to be covered.
   *
   * @throws UserInputException when {@code /proc}, {@code /dev} or {@code /etc} is not a directory
   */
  static StageMounts prepare(Path stageRoot, Path runDirectory) throws IOException {
    return prepare(stageRoot, runDirectory, List.of());
  }

  /**
   * As {@link #prepare(Path, Path)}, and makes the mount points of {@code caches} the stage lacks.
   *
   * @throws UserInputException when a cache's target is not a place for a directory mount
   */
  static StageMounts prepare(Path stageRoot, Path runDirectory, List<CacheBind> caches)
      throws IOException {
    StageMounts mounts = new StageMounts();
    try {
      for (CacheBind cache : caches) {
        mounts.mountPoint(stageRoot, cache);
      }
      mounts.directory(stageRoot, "proc");
      mounts.directory(stageRoot, "dev");
      Path etc = mounts.directory(stageRoot, "etc");
      for (String name : new String[] {"resolv.conf", "hosts"}) {
        if (mounts.coverable(etc, name)) {
          Path host = HOST_ETC.resolve(name);
          Path copy = runDirectory.resolve(name);
          if (Files.isRegularFile(host)) {
            Files.copy(host, copy);
          } else {
            Files.writeString(copy, "");
          }
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    } catch (IOException | RuntimeException e) {
      mounts.close();
      throw e;
    }
    return mounts;
  }

  private Path directory(Path stageRoot, String name) throws IOException {
    Path path = stageRoot.resolve(name);
    BasicFileAttributes attributes = lstat(path);
    if (attributes == null) {
      create(path, () -> Files.createDirectory(path));
    } else if (!attributes.isDirectory()) {
      throw new UserInputException(
          "the stage's /"
              + name
              + " is "
              + (attributes.isSymbolicLink() ? "a symlink" : "not a directory")
              + ": a stage-isolated run step mounts its own /"
              + name
              + " there, so it must be a directory (or absent); replace it in an earlier step, or"
              + " run the stage's steps on the host with "
              + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host"));
    }
    return path;
  }

  /**
   * Makes sure each component of the cache's target is a directory, never a symlink, creating the
   * missing ones: the mount follows symlinks in the host's view, so the target was resolved inside
   * the stage before, and nothing runs in the stage meanwhile to change that.
   */
  private void mountPoint(Path stageRoot, CacheBind cache) throws IOException {
    String target = cache.target();
    if (!target.startsWith("/")
        || target.equals("/")
        || target.contains("\n")
        || cache.source().toString().contains("\n")
        || within(target, "/proc")
        || within(target, "/dev")) {
      throw new IllegalArgumentException("not a cache mount target: " + target);
    }
    Path current = stageRoot;
    for (String part : target.substring(1).split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("not a clean cache mount target: " + target);
      }
      Path next = current.resolve(part);
      BasicFileAttributes attributes = lstat(next);
      if (attributes == null) {
        create(next, () -> Files.createDirectory(next));
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else if (!attributes.isDirectory()) {
        throw new UserInputException(
            "the stage's /"
                + stageRoot.relativize(next)
                + " is "
                + (attributes.isSymbolicLink() ? "a symlink" : "not a directory")
                + ", and the cache mount "
                + target
                + " needs a directory there: choose another "
                + ConfigPaths.POM.steps().cacheTarget()
                + ", or remove it in an earlier"
                + " step");
      }
      current = next;
    }
  }

  private static boolean within(String path, String directory) {
    return path.equals(directory) || path.startsWith(directory + "/");
  }

  /** Whether {@code etc/name} is (now) a regular file the step's copy can cover. */
  private boolean coverable(Path etc, String name) throws IOException {
    Path path = etc.resolve(name);
    BasicFileAttributes attributes = lstat(path);
    if (attributes == null) {
      create(path, () -> Files.createFile(path));
      return true;
    }
    return attributes.isRegularFile();
  }

  private interface Creation {
    void run() throws IOException;
  }

  private void create(Path path, Creation creation) throws IOException {
    FileTime before = lstat(path.getParent()).lastModifiedTime();
    creation.run();
    created.push(new Created(path, before, lstat(path.getParent()).lastModifiedTime()));
  }

  /**
   * Removes what {@link #prepare} created, a directory only while it is empty and a file only while
   * it is empty: the command may have made either its own.
   */
  @Override
  public void close() throws IOException {
    while (!created.isEmpty()) {
      Created object = created.pop();
      BasicFileAttributes attributes = lstat(object.path());
      if (attributes == null || !stillOurs(object.path(), attributes)) {
        continue;
      }
      Path parent = object.path().getParent();
      boolean untouched = object.parentAfter().equals(lstat(parent).lastModifiedTime());
      Files.delete(object.path());
      if (untouched) {
        Files.getFileAttributeView(parent, BasicFileAttributeView.class, NOFOLLOW)
            .setTimes(object.parentBefore(), null, null);
      }
    }
  }

  private static boolean stillOurs(Path path, BasicFileAttributes attributes) throws IOException {
    if (attributes.isDirectory()) {
      try (Stream<Path> children = Files.list(path)) {
        return children.findAny().isEmpty();
      }
    }
    return attributes.isRegularFile() && attributes.size() == 0;
  }

  private static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
