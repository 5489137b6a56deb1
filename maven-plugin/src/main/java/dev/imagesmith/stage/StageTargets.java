package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where copy and download put things inside a sandbox. Every configured target goes through {@link
 * Sandbox#resolve} or {@link Sandbox#resolveEntry} (securejoin), so {@code ../../x} lands at {@code
 * /x} inside the stage (security-cases.md P25), and what is created below a resolved path never
 * passes through a symlink.
 */
final class StageTargets {
  static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private StageTargets() {}

  /**
   * The directory {@code unsafeTarget} names (symlinks followed inside the stage), created with
   * mode 0755 where missing.
   */
  static String directory(Sandbox sandbox, String unsafeTarget, String where) throws IOException {
    String resolved = sandbox.resolve(orRoot(unsafeTarget)).imagePath();
    makeDirectories(sandbox, resolved, where);
    return resolved;
  }

  /**
   * Where a single file called {@code name} goes for {@code unsafeTarget}, Docker-style: into the
   * target if it ends with {@code /} or is an existing directory, else at the target itself. The
   * last component is not followed: an existing symlink there is the thing to replace. Missing
   * parents are created with mode 0755.
   */
  static Sandbox.Resolved file(Sandbox sandbox, String unsafeTarget, String name, String where)
      throws IOException {
    String target = orRoot(unsafeTarget);
    if (target.endsWith("/")) {
      return sandbox.resolveEntry(ImagePaths.child(directory(sandbox, target, where), name));
    }
    Sandbox.Resolved followed = sandbox.resolve(target);
    if (Files.isDirectory(followed.hostPath(), NOFOLLOW)) {
      return sandbox.resolveEntry(ImagePaths.child(followed.imagePath(), name));
    }
    Sandbox.Resolved entry = sandbox.resolveEntry(target);
    makeDirectories(sandbox, ImagePaths.parent(entry.imagePath()), where);
    return entry;
  }

  /**
   * Creates each missing directory of a clean, symlink-free image path with mode 0755 (Docker's
   * mode for implied directories, independent of the host's umask).
   */
  static void makeDirectories(Sandbox sandbox, String cleanPath, String where) throws IOException {
    String current = "/";
    for (String part : ImagePaths.components(cleanPath)) {
      current = ImagePaths.child(current, part);
      Path host = sandbox.hostPath(current);
      BasicFileAttributes attributes = attributesOrNull(host);
      if (attributes == null) {
        Files.createDirectory(host);
        Files.setPosixFilePermissions(host, DIRECTORY_MODE);
      } else if (attributes.isSymbolicLink()) {
        // A resolved path has no symlink components; one appearing now means a concurrent writer.
        throw new IOException("sandbox path " + current + " became a symlink while in use");
      } else if (!attributes.isDirectory()) {
        throw new UserInputException(
            where
                + ": cannot create directory "
                + cleanPath
                + " in the stage because "
                + current
                + " is a file there; choose another target");
      }
    }
  }

  /**
   * Makes room for a new non-directory at {@code entry}: an existing file or symlink is removed
   * (the link itself, never what it points to); an existing directory is an error.
   */
  static void clearForFile(Sandbox sandbox, Sandbox.Resolved entry, String where)
      throws IOException {
    BasicFileAttributes attributes = attributesOrNull(entry.hostPath());
    if (attributes == null) {
      return;
    }
    if (attributes.isDirectory()) {
      throw new UserInputException(
          where
              + ": cannot replace directory "
              + entry.imagePath()
              + " in the stage with a file; choose a target path that is not a directory");
    }
    sandbox.delete(entry.imagePath());
  }

  static BasicFileAttributes attributesOrNull(Path host) throws IOException {
    try {
      return Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String orRoot(String target) {
    return target == null || target.isBlank() ? "/" : target;
  }
}
