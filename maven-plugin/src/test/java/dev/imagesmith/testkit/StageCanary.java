package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

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
    HostSnapshot.assertNoSharedInode(home, root, "the victim home");
  }

  private Map<String, String> snapshot() throws IOException {
    return HostSnapshot.around(parent, root, "stage root");
  }
}
