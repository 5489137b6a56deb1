package dev.imagesmith.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The first range {@code /etc/subuid} or {@code /etc/subgid} gives a user ({@code
 * name:start:count}, the name or the numeric id), the range {@code newuidmap} and {@code newgidmap}
 * accept for it.
 */
final class SubordinateIds {
  record Range(long start, long count) {}

  private SubordinateIds() {}

  static Optional<Range> lookup(Path file, String user, long id) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      String[] fields = line.strip().split(":");
      if (fields.length != 3 || line.startsWith("#")) {
        continue;
      }
      if (!fields[0].equals(user) && !fields[0].equals(Long.toString(id))) {
        continue;
      }
      try {
        long start = Long.parseLong(fields[1]);
        long count = Long.parseLong(fields[2]);
        if (start > 0 && count > 0) {
          return Optional.of(new Range(start, count));
        }
      } catch (NumberFormatException e) {
        // a damaged line: newuidmap ignores it too
      }
    }
    return Optional.empty();
  }
}
