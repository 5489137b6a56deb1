package dev.imagesmith.io;

import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one rule for the directories the plugin keeps (its work directory, the output directory, the
 * cache's subdirectories): below a trusted root, every component is a real directory, never a
 * symbolic link. A link planted there (a poisoned CI cache of {@code target/}, a reused workspace)
 * would otherwise make the build list, delete and write in whatever directory it points to.
 *
 * <p>The root is taken as given: {@code ${project.build.directory}} and a configured directory
 * outside it may be links on purpose ({@code target} on a tmpfs). Below it, a link or any other
 * non-directory fails the build with one message naming the path, what it points to and the fix;
 * nothing is followed, deleted or replaced. The code that names a directory below a vetted one vets
 * it here; a directory handed to a class is vetted by whoever handed it.
 *
 * <p>This is a check before use, component by component with {@code lstat} and {@code mkdir}
 * (neither follows a link in the last component; Java has no handle-relative mkdir): it defeats
 * links that are there before the build, not a process that swaps a directory for a link while the
 * build runs, which could as well change the outputs themselves.
 */
public final class OwnDirectories {
  private OwnDirectories() {}

  /**
   * The root that {@code directory} is vetted from: {@code buildDirectory} when {@code directory}
   * lies below it (everything below {@code target/} is the plugin's or Maven's, never a place for a
   * link), else {@code directory} itself, which the user named.
   */
  public static Path trustedRoot(Path buildDirectory, Path directory) {
    Path build = buildDirectory.toAbsolutePath().normalize();
    Path dir = directory.toAbsolutePath().normalize();
    return dir.startsWith(build) ? build : dir;
  }

  /**
   * Makes {@code directory} exist as a real directory: {@code root} (trusted) is created as needed,
   * then each component below it is created or found to be a directory that is not a link.
   *
   * @return {@code directory}
   * @throws UserInputException if a component below {@code root} is a link or not a directory
   */
  public static Path ensure(Path root, Path directory) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Files.createDirectories(base);
    Path current = base;
    for (Path name : below(base, directory)) {
      current = current.resolve(name);
      try {
        Files.createDirectory(current); // mkdir(2): an existing link, even dangling, is EEXIST
      } catch (FileAlreadyExistsException e) {
        requireDirectory(current);
      }
    }
    return directory;
  }

  /**
   * Whether {@code directory} exists, without creating anything; every component below {@code root}
   * that exists must be a real directory.
   *
   * @throws UserInputException if a component below {@code root} is a link or not a directory
   */
  public static boolean exists(Path root, Path directory) throws IOException {
    Path current = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(current)) {
      return false;
    }
    for (Path name : below(current, directory)) {
      current = current.resolve(name);
      try {
        requireDirectory(current);
      } catch (NoSuchFileException e) {
        return false;
      }
    }
    return true;
  }

  private static Iterable<Path> below(Path base, Path directory) {
    Path target = directory.toAbsolutePath().normalize();
    if (!target.startsWith(base)) {
      throw new IllegalArgumentException(target + " is not below " + base);
    }
    return target.equals(base) ? java.util.List.of() : base.relativize(target);
  }

  private static void requireDirectory(Path path) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isDirectory()) {
      return;
    }
    String what;
    if (attributes.isSymbolicLink()) {
      what = "a symbolic link (to " + Files.readSymbolicLink(path) + ")";
    } else if (attributes.isRegularFile()) {
      what = "a file";
    } else {
      what = "a special file";
    }
    throw new UserInputException(
        path
            + " is "
            + what
            + " where Imagesmith keeps a directory of its own; it never lists, deletes or"
            + " writes through a link. Remove it ('mvn clean' does, below target/) and build"
            + " again");
  }
}
