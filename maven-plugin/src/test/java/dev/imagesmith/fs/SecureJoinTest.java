package dev.imagesmith.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The securejoin table (cyphar/filepath-securejoin join_test.go), against a real directory. */
class SecureJoinTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void root() throws IOException {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
  }

  private String join(String unsafe) throws IOException {
    return ImagePaths.join(SecureJoin.resolve(root, unsafe));
  }

  private void symlink(String at, String target) throws IOException {
    Path link = root.resolve(at);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
  }

  @Test
  void TestNoSymlink_dotdotIsClampedAtRoot() throws IOException {
    assertEquals("/etc/passwd", join("/../../../../etc/passwd"));
    assertEquals("/etc/passwd", join("../../etc/passwd"));
    assertEquals("/", join(".."));
    assertEquals("/", join(""));
    assertEquals("/a/b", join("a/./b/"));
    assertEquals("/b", join("a/../b"));
  }

  @Test
  void TestNonLexical_P21_dotdotAppliesAfterSymlinkExpansion() throws IOException {
    Files.createDirectories(root.resolve("cousinparent/cousin"));
    Files.createDirectories(root.resolve("subdir"));
    symlink("subdir/link", "../cousinparent/cousin");
    assertEquals("/cousinparent/test", join("subdir/link/../test"));
    assertEquals("/cousinparent/cousin/test", join("subdir/link/test"));
  }

  @Test
  void TestSymlink_absoluteTargetsResolveFromRoot() throws IOException {
    symlink("etclink", "/etc");
    symlink("escape", "/../../../etc/passwd");
    symlink("relative", "../../../../etc");
    assertEquals("/etc/passwd", join("etclink/passwd"));
    assertEquals("/etc/passwd", join("escape"));
    assertEquals("/etc/shadow", join("relative/shadow"));
    symlink("a/b/up", "../../x");
    assertEquals("/x/y", join("a/b/up/y"));
  }

  @Test
  void TestSymlinkLoop_endsInEloop() throws IOException {
    symlink("self", "/../../self");
    symlink("a", "/subdir/link");
    symlink("subdir/link", "../../a");
    assertThrows(FileSystemLoopException.class, () -> join("self"));
    assertThrows(FileSystemLoopException.class, () -> join("a/file"));
  }

  @Test
  void TestEnotdir_fileComponentIsNotAnError() throws IOException {
    Files.writeString(root.resolve("file"), "x");
    assertEquals("/file/child/grandchild", join("file/child/grandchild"));
    symlink("subdir/link", "/../../../file/somechild");
    assertEquals("/file/somechild", join("subdir/link"));
  }

  @Test
  void resolve_nulByte_rejected() {
    assertThrows(IOException.class, () -> join("a\0b"));
  }
}
