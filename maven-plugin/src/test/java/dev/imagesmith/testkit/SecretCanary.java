package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Host files a run step must neither read nor change: a directory outside the stage holding a
 * secret (mode 0400, so that a chmod would show) and a subdirectory, snapshotted (paths, modes,
 * owners, mtimes, inodes, content) when made and compared on {@link #assertUntouched}. The secret
 * is a fresh UUID, so finding it in a command's output proves a read.
 */
public final class SecretCanary {
  public final Path directory;
  public final Path secretFile;
  public final String secret = UUID.randomUUID().toString();
  private final Map<String, String> before;

  public SecretCanary(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
    this.secretFile = directory.resolve("secret");
    Files.writeString(secretFile, secret);
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("r--------"));
    Files.createDirectories(directory.resolve("sub"));
    Files.writeString(directory.resolve("sub/note"), "note\n");
    this.before = snapshot();
  }

  public void assertUntouched() throws IOException {
    assertEquals(before, snapshot(), "host files outside the stage changed");
  }

  private Map<String, String> snapshot() throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Map<String, Object> unix = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        state.put(
            directory.relativize(path).toString(),
            String.format(
                "mode=%o uid=%s ino=%s mtime=%s %s",
                unix.get("mode"),
                unix.get("uid"),
                unix.get("ino"),
                unix.get("lastModifiedTime"),
                Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    ? Files.readString(path)
                    : ""));
      }
    }
    return state;
  }
}
