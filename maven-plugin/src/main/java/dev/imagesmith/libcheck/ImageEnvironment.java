package dev.imagesmith.libcheck;

import dev.imagesmith.fs.ImagePaths;
import java.util.ArrayList;
import java.util.List;

/**
 * How the image's config starts its programs: the {@code PATH} a runtime searches for a command
 * without a slash, the {@code LD_LIBRARY_PATH} the loader adds, the working directory and the user.
 *
 * @param path the directories of {@code PATH}, in order; a config without {@code PATH} gets {@link
 *     #DEFAULT_PATH}, as Docker, Podman and containerd give it
 * @param pathSet whether the config sets {@code PATH} itself
 * @param libraryPath the config's {@code LD_LIBRARY_PATH}, or {@code null}
 * @param workingDirectory the config's {@code WorkingDir}, {@code /} if unset
 * @param user the config's {@code User} ({@code 1000:1000}, {@code app}), or {@code null} for root
 */
public record ImageEnvironment(
    List<String> path, boolean pathSet, String libraryPath, String workingDirectory, String user) {
  /** The {@code PATH} container runtimes set when the image's config has none. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ImageEnvironment {
    path = List.copyOf(path);
    workingDirectory =
        workingDirectory == null || workingDirectory.isBlank()
            ? "/"
            : ImagePaths.lexicalClean(workingDirectory);
  }

  /** No PATH, no LD_LIBRARY_PATH, working directory {@code /}, root. */
  public static ImageEnvironment defaults() {
    return of(List.of(), null, null);
  }

  /**
   * @param env the config's {@code Env} ({@code NAME=value}; the last of a name wins, as in the
   *     config)
   */
  public static ImageEnvironment of(List<String> env, String workingDirectory, String user) {
    String path = null;
    String libraryPath = null;
    for (String entry : env) {
      if (entry.startsWith("PATH=")) {
        path = entry.substring("PATH=".length());
      } else if (entry.startsWith("LD_LIBRARY_PATH=")) {
        libraryPath = entry.substring("LD_LIBRARY_PATH=".length());
      }
    }
    String cwd =
        workingDirectory == null || workingDirectory.isBlank()
            ? "/"
            : ImagePaths.lexicalClean(workingDirectory);
    List<String> dirs = new ArrayList<>();
    for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
      // An empty entry is the working directory, a relative one is below it (execvp, Go's
      // LookPath).
      dirs.add(
          ImagePaths.lexicalClean(
              dir.isEmpty() ? cwd : dir.startsWith("/") ? dir : cwd + "/" + dir));
    }
    return new ImageEnvironment(
        dirs.stream().distinct().toList(),
        path != null,
        libraryPath,
        cwd,
        user == null || user.isBlank() ? null : user.strip());
  }

  /** {@code PATH} as a runtime searches it, for messages. */
  public String pathText() {
    return String.join(":", path);
  }

  /** An absolute path for {@code program}: a relative one is below the working directory. */
  String absolute(String program) {
    return ImagePaths.lexicalClean(
        program.startsWith("/") ? program : workingDirectory + "/" + program);
  }
}
