package dev.imagesmith.fs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: a real tree archived by GNU tar is extracted by GNU tar and by us; names,
 * types, modes (ours from the overlay), owners, link targets, content hashes, mtimes and hardlink
 * groups must agree.
 */
class GnuTarDifferentialTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path work;
  Path archive;
  Map<String, String> expected;

  @BeforeEach
  void archiveRealTree() throws IOException {
    Path tree = Files.createDirectories(work.resolve("tree"));
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.createDirectories(tree.resolve("usr/lib"));
    Files.createDirectories(tree.resolve("tmp"));
    Files.createDirectories(tree.resolve("private"));
    write(tree.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n", "rwxr-xr-x");
    write(tree.resolve("usr/bin/su"), "su binary", "rwxr-xr-x");
    write(tree.resolve("usr/lib/libfoo.so.1.2"), "ELF".repeat(10_000), "rw-r--r--");
    write(tree.resolve("private/key"), "secret", "rw-------");
    write(tree.resolve("empty"), "", "rw-r-----");
    Files.createSymbolicLink(tree.resolve("usr/lib/libfoo.so.1"), Path.of("libfoo.so.1.2"));
    Files.createSymbolicLink(tree.resolve("usr/lib/libfoo.so"), Path.of("/usr/lib/libfoo.so.1"));
    Files.createSymbolicLink(tree.resolve("dangling"), Path.of("../nowhere"));
    Files.createSymbolicLink(tree.resolve("lib64"), Path.of("usr/lib"));
    Files.createLink(tree.resolve("usr/bin/tool-alias"), tree.resolve("usr/bin/tool"));
    Files.createLink(tree.resolve("tool-third-name"), tree.resolve("usr/bin/tool"));
    GnuTar.run(work, "/bin/chmod", "4755", tree.resolve("usr/bin/su").toString());
    GnuTar.run(work, "/bin/chmod", "1777", tree.resolve("tmp").toString());
    GnuTar.run(work, "/bin/chmod", "0700", tree.resolve("private").toString());

    archive = work.resolve("tree.tar.gz");
    GnuTar.run(
        work,
        "/usr/bin/tar",
        "--format=posix",
        "-czf",
        archive.toString(),
        "-C",
        tree.toString(),
        ".");
    Path gnu = Files.createDirectories(work.resolve("gnu"));
    GnuTar.run(work, "/usr/bin/tar", "-xpzf", archive.toString(), "-C", gnu.toString());
    expected = manifestOfHost(gnu);
  }

  @Test
  void extractFile_matchesGnuTar() throws IOException {
    Sandbox sandbox = Sandbox.create(work.resolve("ours-user"));
    new ArchiveExtractor().extractFile(archive, sandbox, "/", ExtractOptions.DEFAULTS);
    assertEquals(expected, manifestOfSandbox(sandbox));
  }

  @Test
  void applyLayer_matchesGnuTar() throws IOException {
    Sandbox sandbox = Sandbox.create(work.resolve("ours-layer"));
    try (InputStream in = Files.newInputStream(archive)) {
      new ArchiveExtractor().applyLayer(in, sandbox, "layer tree");
    }
    Map<String, String> ours = manifestOfSandbox(sandbox);
    assertEquals(expected, ours);
    assertTrue(ours.get("/usr/bin/su").contains("mode=4755"), ours.get("/usr/bin/su"));
    assertTrue(
        ours.get("/usr/bin/tool")
            .contains("links=[/tool-third-name, /usr/bin/tool, /usr/bin/tool-alias]"));
  }

  private static Map<String, String> manifestOfHost(Path root) throws IOException {
    Map<String, List<String>> groups = new TreeMap<>();
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(paths::add);
    }
    for (Path p : paths) {
      if (Files.isRegularFile(p, NOFOLLOW)) {
        groups
            .computeIfAbsent(
                String.valueOf(Files.getAttribute(p, "unix:ino", NOFOLLOW)), k -> new ArrayList<>())
            .add(imagePath(root, p));
      }
    }
    Map<String, String> manifest = new TreeMap<>();
    for (Path p : paths) {
      Map<String, Object> unix = Files.readAttributes(p, "unix:*", NOFOLLOW);
      String type =
          Files.isSymbolicLink(p) ? "symlink" : Files.isDirectory(p, NOFOLLOW) ? "dir" : "file";
      int mode = type.equals("symlink") ? 0777 : ((Integer) unix.get("mode")) & 07777;
      String content = "";
      if (type.equals("file")) {
        content =
            BreakoutOracle.sha256(Files.readAllBytes(p))
                + " links="
                + new TreeSet<>(groups.get(String.valueOf(unix.get("ino"))));
      } else if (type.equals("symlink")) {
        content = "-> " + Files.readSymbolicLink(p);
      }
      long mtime =
          type.equals("dir") && p.equals(root)
              ? -1
              : ((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime"))
                  .toInstant()
                  .getEpochSecond();
      manifest.put(
          imagePath(root, p),
          String.format(
              "%s mode=%o owner=%s:%s mtime=%d %s",
              type, mode, unix.get("uid"), unix.get("gid"), mtime, content));
    }
    return manifest;
  }

  private static Map<String, String> manifestOfSandbox(Sandbox sandbox) throws IOException {
    List<SandboxEntry> entries = sandbox.walk("/");
    Map<Object, TreeSet<String>> groups = new java.util.HashMap<>();
    for (SandboxEntry e : entries) {
      if (e.isRegularFile()) {
        groups.computeIfAbsent(e.fileKey(), k -> new TreeSet<>()).add(e.path());
      }
    }
    Map<String, String> manifest = new TreeMap<>();
    for (SandboxEntry e : entries) {
      String type = e.isSymlink() ? "symlink" : e.isDirectory() ? "dir" : "file";
      String content = "";
      if (e.isRegularFile()) {
        content =
            BreakoutOracle.sha256(Files.readAllBytes(e.hostPath()))
                + " links="
                + groups.get(e.fileKey());
      } else if (e.isSymlink()) {
        content = "-> " + e.linkTarget();
      }
      long mtime = e.path().equals("/") ? -1 : e.mtimeSeconds();
      manifest.put(
          e.path(),
          String.format(
              "%s mode=%o owner=%d:%d mtime=%d %s",
              type, e.mode(), e.uid(), e.gid(), mtime, content));
    }
    return manifest;
  }

  private static String imagePath(Path root, Path p) {
    String relative = root.relativize(p).toString();
    return relative.isEmpty() ? "/" : "/" + relative;
  }

  private static void write(Path p, String content, String permissions) throws IOException {
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
  }
}
