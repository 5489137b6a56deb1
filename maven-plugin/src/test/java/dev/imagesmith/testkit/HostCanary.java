package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A victim directory on the host, outside every directory a build may write, filled with names a
 * build would touch if a planted link led it there (stage and execution names, output names,
 * cache-like {@code sha256/<hex>} entries), snapshotted when planted (paths, types, modes, mtimes,
 * inodes, link counts, content hashes) and compared after the attack: the canary of the security
 * cases, as {@code fs.archive.BreakoutOracle} is for the sandbox.
 */
public final class HostCanary {
  /** The name of a cache-like entry in the victim whose bytes do not match it. */
  public static final String HEX = "ab".repeat(32);

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String[] FILES = {
    "keep.txt",
    "app/keep.txt",
    "data/keep.txt",
    "default/keep.txt",
    "default/stages/app/keep.txt",
    "stages/app/keep.txt",
    "blobs/keep.txt",
    "keys/keep.txt",
    "oci/index.json",
    "digest",
    "image.json",
    "image.tar",
    "sha256/" + HEX,
  };

  private final Path victim;
  private final Map<String, String> before;

  private HostCanary(Path victim) throws IOException {
    this.victim = victim;
    for (String name : FILES) {
      Path file = victim.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, UUID.randomUUID().toString());
    }
    this.before = snapshot();
  }

  /** Creates the victim directory {@code victim} with its files and snapshots it. */
  public static HostCanary plant(Path victim) throws IOException {
    return new HostCanary(victim);
  }

  /** The victim directory, for links to point at. */
  public Path victim() {
    return victim;
  }

  /** Asserts that nothing in the victim was created, deleted, written or changed. */
  public void assertUntouched() throws IOException {
    assertEquals(before, snapshot(), "the host directory a link pointed at changed");
  }

  private Map<String, String> snapshot() throws IOException {
    return HostSnapshot.around(victim, null, null);
  }
}
