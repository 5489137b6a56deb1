package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * What the canaries ({@link StageCanary}, {@link HostCanary}, {@code fs.archive.BreakoutOracle})
 * compare: a host tree's paths, types, modes, mtimes, inode numbers, link counts and content
 * hashes, and whether a sandbox shares an inode with a victim tree.
 */
public final class HostSnapshot {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private HostSnapshot() {}

  /**
   * Every path below {@code parent} but those inside {@code root}, by its path relative to {@code
   * parent}; {@code root} itself only by its inode, as {@code "<rootLabel> ino=N"}. A {@code null}
   * root leaves nothing out.
   */
  public static Map<String, String> around(Path parent, Path root, String rootLabel)
      throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(parent)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (root != null && p.startsWith(root) && !p.equals(root)) {
          continue;
        }
        Map<String, Object> unix = Files.readAttributes(p, "unix:*", NOFOLLOW);
        state.put(
            parent.relativize(p).toString(),
            p.equals(root) && root != null
                ? rootLabel + " ino=" + unix.get("ino")
                : String.format(
                    "mode=%o ino=%s nlink=%s mtime=%s uid=%s %s",
                    unix.get("mode"),
                    unix.get("ino"),
                    unix.get("nlink"),
                    unix.get("lastModifiedTime"),
                    unix.get("uid"),
                    content(p)));
      }
    }
    return state;
  }

  /** Asserts that no path below {@code root} is a hard link to a file of {@code victim}. */
  public static void assertNoSharedInode(Path victim, Path root, String what) throws IOException {
    Set<Object> inodes = new HashSet<>();
    try (Stream<Path> walk = Files.walk(victim)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        inodes.add(Files.getAttribute(p, "unix:ino", NOFOLLOW));
      }
    }
    Object device = Files.getAttribute(victim, "unix:dev", NOFOLLOW);
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        assertFalse(
            inodes.contains(Files.getAttribute(p, "unix:ino", NOFOLLOW))
                && device.equals(Files.getAttribute(p, "unix:dev", NOFOLLOW)),
            p + " shares an inode with " + what);
      }
    }
  }

  /** A regular file's SHA-256, a link's target ({@code "-> target"}), else empty. */
  public static String content(Path p) throws IOException {
    if (Files.isRegularFile(p, NOFOLLOW)) {
      return sha256(Files.readAllBytes(p));
    }
    return Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p) : "";
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
