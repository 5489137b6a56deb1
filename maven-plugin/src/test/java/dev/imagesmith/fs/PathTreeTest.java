package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory tree resolves exactly as securejoin does on disk: the same links, made once in a
 * directory and once in a {@link PathTree}, give the same answer for every name.
 */
class PathTreeTest {
  @TempDir Path tmp;
  private Path root;
  private final PathTree<String> tree =
      new PathTree<>(value -> value.startsWith("->") ? value.substring(2) : null);

  @BeforeEach
  void root() throws IOException {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
  }

  private void directory(String path) throws IOException {
    Files.createDirectories(root.resolve(path.substring(1)));
    tree.put(path, "dir");
  }

  private void symlink(String path, String target) throws IOException {
    Path link = root.resolve(path.substring(1));
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
    tree.put(path, "->" + target);
  }

  private String onDisk(String unsafe) throws IOException {
    return ImagePaths.join(SecureJoin.resolve(root, unsafe));
  }

  @Test
  void resolve_sameAnswerAsSecureJoinOnDisk() throws IOException {
    directory("/usr/lib64");
    directory("/cousinparent/cousin");
    directory("/subdir");
    symlink("/lib64", "usr/lib64");
    symlink("/abs", "/usr");
    symlink("/up", "../../..");
    symlink("/subdir/link", "../cousinparent/cousin");
    symlink("/escape", "/../../../etc/passwd");
    symlink("/loop/a", "b");
    symlink("/loop/b", "a");
    for (String name :
        List.of(
            "/lib64/libc.so.6",
            "lib64/../etc",
            "/abs/lib64/x",
            "/up/usr",
            "subdir/link/../test",
            "subdir/link/test",
            "escape",
            "/../../x/./y/",
            "/missing/../lib64")) {
      assertEquals(onDisk(name), tree.resolve(name), name);
    }
    assertThrows(FileSystemLoopException.class, () -> onDisk("/loop/a"));
    assertThrows(FileSystemLoopException.class, () -> tree.resolve("/loop/a"));
  }

  @Test
  void resolveEntry_keepsTheLastComponentUnlessItNamesADirectory() throws IOException {
    directory("/usr/lib64");
    symlink("/lib64", "usr/lib64");
    assertEquals("/lib64", tree.resolveEntry("/lib64"), "the link itself");
    assertEquals("/usr/lib64/x", tree.resolveEntry("lib64/x"));
    assertEquals("/usr/lib64", tree.resolveEntry("lib64/"), "a trailing slash follows it");
    assertEquals("/usr", tree.resolveEntry("lib64/.."));
  }

  @Test
  void resolve_oneLimitOf255Links() throws IOException {
    // A chain of 255 links resolves (the kernel stops at 40); one more is a loop, on disk too.
    directory("/end");
    for (int i = 0; i < 256; i++) {
      symlink("/l" + i, i == 255 ? "end" : "l" + (i + 1));
    }
    assertEquals("/end", tree.resolve("/l1"));
    assertEquals(onDisk("/l1"), tree.resolve("/l1"));
    assertThrows(FileSystemLoopException.class, () -> tree.resolve("/l0"));
    assertThrows(FileSystemLoopException.class, () -> onDisk("/l0"));
  }

  @Test
  void below_andChildren_inPathOrder() {
    tree.put("/a", "dir");
    tree.put("/a/b", "dir");
    tree.put("/a/b/c", "file");
    tree.put("/a-z", "file");
    tree.put("/a/d", "file");
    assertEquals(List.of("dir", "file"), tree.children("/a"));
    assertEquals(List.of("/a/b", "/a/b/c", "/a/d"), List.copyOf(tree.below("/a").keySet()));
    tree.below("/a").clear();
    assertEquals(List.of("dir", "file"), List.copyOf(tree.values()));
  }
}
