package dev.imagesmith.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the host programs the mechanisms start. The system directories come first, then {@code
 * PATH}: {@code pivot_root} lives in {@code /usr/sbin}, which a plain user's {@code PATH} often
 * lacks, and a program of that name earlier in {@code PATH} should not win over the system's.
 */
final class HostTools {
  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private HostTools() {}

  static Optional<Path> find(String name) {
    List<String> directories = new ArrayList<>(SYSTEM_DIRECTORIES);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(":")) {
        if (directory.startsWith("/")) {
          directories.add(directory);
        }
      }
    }
    for (String directory : directories) {
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The programs in {@code names} that cannot be found, in order. */
  static List<String> missing(List<String> names) {
    return names.stream().filter(name -> find(name).isEmpty()).toList();
  }
}
