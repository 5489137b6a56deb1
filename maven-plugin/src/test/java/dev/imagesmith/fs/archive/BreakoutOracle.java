package dev.imagesmith.fs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The breakout oracle of security-cases.md (moby/containers-storage {@code testBreakout} with
 * containerd's validators): a victim tree beside the sandbox root, snapshotted before and after
 * (paths, types, modes, mtimes, inode numbers, content hashes), and no inode shared between the
 * sandbox and the victim.
 */
final class BreakoutOracle {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  final Path parent;
  final Path root;
  private final Map<String, String> before;

  BreakoutOracle(Path parent) throws IOException {
    this.parent = parent;
    this.root = parent.resolve("sandbox");
    Files.createDirectories(root);
    Files.createDirectories(parent.resolve("victim"));
    Files.writeString(parent.resolve("victim/hello"), UUID.randomUUID().toString());
    // 0400 so that a chmod through a link (P15) would show.
    Files.setPosixFilePermissions(
        parent.resolve("victim/hello"),
        java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
    Files.createDirectories(parent.resolve("dest-evil"));
    Files.writeString(parent.resolve("dest-evil/secret"), UUID.randomUUID().toString());
    this.before = snapshot();
  }

  /** Asserts the host outside the sandbox is exactly as before and shares no inode with it. */
  void assertUntouched() throws IOException {
    assertEquals(before, snapshot(), "host outside the sandbox changed: PATH ESCAPE");
    Set<Object> victimInodes = new HashSet<>();
    try (Stream<Path> walk = Files.walk(parent.resolve("victim"))) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        victimInodes.add(Files.getAttribute(p, "unix:ino", NOFOLLOW));
      }
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        assertFalse(
            victimInodes.contains(Files.getAttribute(p, "unix:ino", NOFOLLOW))
                && Files.getAttribute(p, "unix:dev", NOFOLLOW)
                    .equals(Files.getAttribute(parent.resolve("victim"), "unix:dev")),
            p + " shares an inode with the victim");
      }
    }
  }

  private Map<String, String> snapshot() throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(parent)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.startsWith(root) && !p.equals(root)) {
          continue;
        }
        Map<String, Object> unix = Files.readAttributes(p, "unix:*", NOFOLLOW);
        String content = "";
        if (Files.isRegularFile(p, NOFOLLOW)) {
          content = sha256(Files.readAllBytes(p));
        } else if (Files.isSymbolicLink(p)) {
          content = "-> " + Files.readSymbolicLink(p);
        }
        String key = parent.relativize(p).toString();
        if (p.equals(root)) {
          state.put(key, "sandbox root ino=" + unix.get("ino"));
          continue;
        }
        state.put(
            key,
            String.format(
                "mode=%o ino=%s nlink=%s mtime=%s uid=%s %s",
                unix.get("mode"),
                unix.get("ino"),
                unix.get("nlink"),
                unix.get("lastModifiedTime"),
                unix.get("uid"),
                content));
      }
    }
    return state;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
