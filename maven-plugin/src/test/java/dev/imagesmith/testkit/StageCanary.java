package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * A stand-in for the build host around a stage root, for tests where a host process (a {@code run}
 * step) could be led out of the stage: {@code PARENT/stage} is the stage root, {@code
 * PARENT/home/alice} a user's home with a {@code .profile} (random content, mode 0600, so that an
 * append or a chmod through a link shows). Everything outside the stage root is snapshotted (paths,
 * types, modes, mtimes, inodes, content hashes) when made and compared by {@link #assertUntouched},
 * which also checks that no stage file shares an inode with the home. A shared copy of {@code
 * fs.archive.BreakoutOracle}'s idea for tests outside that package.
 */
public final class StageCanary {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** The directory that holds the stage root and the victim home. */
  public final Path parent;

  /** The stage root: {@code parent/stage}. */
  public final Path root;

  /** The victim home: {@code parent/home/alice}. */
  public final Path home;

  /** The victim file: {@code parent/home/alice/.profile}. */
  public final Path profile;

  private final Map<String, String> before;

  public StageCanary(Path parent) throws IOException {
    this.parent = parent.toRealPath();
    this.root = Files.createDirectories(this.parent.resolve("stage"));
    this.home = Files.createDirectories(this.parent.resolve("home/alice"));
    this.profile = home.resolve(".profile");
    Files.writeString(profile, "export SECRET=" + UUID.randomUUID() + "\n");
    Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/authorized_keys"), "ssh-ed25519 AAAA alice\n");
    this.before = snapshot();
  }

  /** Asserts that nothing outside the stage root changed and that no inode is shared with it. */
  public void assertUntouched() throws IOException {
    assertEquals(before, snapshot(), "the host outside the stage root changed: PATH ESCAPE");
    Set<Object> victims = new HashSet<>();
    try (Stream<Path> walk = Files.walk(home)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        victims.add(Files.getAttribute(p, "unix:ino", NOFOLLOW));
      }
    }
    Object device = Files.getAttribute(home, "unix:dev", NOFOLLOW);
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        assertFalse(
            victims.contains(Files.getAttribute(p, "unix:ino", NOFOLLOW))
                && device.equals(Files.getAttribute(p, "unix:dev", NOFOLLOW)),
            p + " shares an inode with the victim home");
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
        state.put(
            parent.relativize(p).toString(),
            p.equals(root)
                ? "stage root ino=" + unix.get("ino")
                : String.format(
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

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
