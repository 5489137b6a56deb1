package dev.imagesmith.fs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.testkit.HostSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

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
    HostSnapshot.assertNoSharedInode(parent.resolve("victim"), root, "the victim");
  }

  private Map<String, String> snapshot() throws IOException {
    return HostSnapshot.around(parent, root, "sandbox root");
  }

  static String sha256(byte[] data) {
    return HostSnapshot.sha256(data);
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
