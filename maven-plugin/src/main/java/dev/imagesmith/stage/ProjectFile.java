package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for a project file that a step reads through (the archive of an {@code extract}):
 * what the POM names is resolved here, by the step and by the stage cache's key alike, so that both
 * read the same bytes and a build gives the same result with and without the cache.
 *
 * <p>A source that is itself a symbolic link is followed only when its real path (every link on the
 * way resolved) stays inside the project directory; a link leading out of the project is refused,
 * because a file planted in a checkout (a link to {@code ~/.ssh} or {@code /etc}) must not pull
 * host files into an image. A file outside the project can still be named directly in the POM.
 * Directories on the way to the source are followed as the host resolves them (a {@code target/}
 * that is a link to a RAM disk keeps working).
 */
final class ProjectFile {
  private ProjectFile() {}

  /**
   * The real path of the regular file {@code source}.
   *
   * @param where the step's XML path, named in errors
   * @param basedir the project directory, named in errors
   * @throws UserInputException if it is missing, not a regular file, or a link leading out of the
   *     project
   */
  static Path resolve(Path source, Path basedir, String where) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new UserInputException(
          where
              + ": source "
              + source
              + " is not a file"
              + (Files.isSymbolicLink(source)
                  ? " (it is a symbolic link to " + linkText(source) + ", which names no file)"
                  : "")
              + " (relative paths are resolved against "
              + basedir
              + ")");
    }
    Path real = source.toRealPath();
    if (Files.isSymbolicLink(source) && !real.startsWith(basedir.toRealPath())) {
      throw new UserInputException(
          where
              + ": source "
              + source
              + " is a symbolic link to "
              + linkText(source)
              + ", which leads to "
              + real
              + ", outside the project directory "
              + basedir
              + ". Links are followed only inside the project: name "
              + real
              + " in "
              + ConfigPaths.POM.steps().source()
              + " directly if it is meant, or replace the link by the file.");
    }
    return real;
  }

  private static String linkText(Path link) throws IOException {
    return Files.readSymbolicLink(link).toString();
  }
}
