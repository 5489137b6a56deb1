package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host text of a link, for each shape of target, against a real directory. */
class HostLinkTextTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void root() throws IOException {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
  }

  private String forHost(String original, String directory) throws IOException {
    return HostLinkText.forHost(
        original,
        ImagePaths.components(directory),
        (start, unsafe) -> SecureJoin.resolve(root, start, unsafe, SecureJoin.ON_HOST, null));
  }

  @Test
  void downwardTargets_keptAsWritten() throws IOException {
    assertEquals("libc-2.36.so", forHost("libc-2.36.so", "/lib"));
    assertEquals("../lib/x", forHost("../lib/x", "/usr/bin"));
    assertEquals("../../lib", forHost("../../lib", "/usr/local"));
    assertEquals("usr/lib64", forHost("usr/lib64", "/"));
    assertEquals("./a/./b", forHost("./a/./b", "/"));
    assertEquals(".", forHost(".", "/"));
  }

  @Test
  void absoluteTargets_climbToTheStageRoot() throws IOException {
    assertEquals("usr/lib", forHost("/usr/lib", "/"));
    assertEquals("../../../usr/lib/x", forHost("/usr/lib/x", "/usr/local/bin"));
    assertEquals("../proc/self/mounts", forHost("/proc/self/mounts", "/etc"));
    assertEquals("../..", forHost("/", "/a/b"));
    assertEquals(".", forHost("/", "/"));
    assertEquals("../a/b", forHost("//a/./b", "/x"));
  }

  @Test
  void climbingTargets_clampedAtTheStageRoot() throws IOException {
    assertEquals("../etc", forHost("../../../../etc", "/a"));
    assertEquals(".", forHost("..", "/"));
    assertEquals("home/alice/.profile", forHost("../home/alice/.profile", "/"));
    assertEquals("../../etc", forHost("/../../etc", "/a/b"));
  }

  @Test
  void dotdotAfterAName_resolvedInTheStageAsItIsNow() throws IOException {
    Files.createDirectories(root.resolve("d/x/y"));
    Files.createSymbolicLink(root.resolve("d/a"), Path.of("x/y"));
    // "a/.." is /d/x, not /d: the kernel and securejoin both apply '..' after the link.
    assertEquals("../d/x/z", forHost("a/../z", "/d"));
    assertEquals("../d/b", forHost("c/../b", "/d"), "a missing name is a directory");
    assertEquals("../x", forHost("/d/../../x", "/d"));
  }

  @Test
  void linkLoop_clampedLexically() throws IOException {
    String text =
        HostLinkText.forHost(
            "loop/../../x",
            List.of("d"),
            (start, unsafe) -> {
              throw new FileSystemLoopException(unsafe);
            });
    assertEquals("../x", text);
  }

  @Test
  void isDownward_table() {
    assertTrue(HostLinkText.isDownward("x", 0));
    assertTrue(HostLinkText.isDownward("../x", 1));
    assertFalse(HostLinkText.isDownward("../x", 0));
    assertFalse(HostLinkText.isDownward("/x", 5));
    assertFalse(HostLinkText.isDownward("a/../b", 5));
    assertFalse(HostLinkText.isDownward("", 5));
    assertTrue(HostLinkText.isDownward(".././../x", 2));
  }
}
