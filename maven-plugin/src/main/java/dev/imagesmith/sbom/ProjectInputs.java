package dev.imagesmith.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The project's own files a build read ({@code copy} and {@code extract} sources, target/classes,
 * the packaged jar) as provenance inputs: named {@code file:PATH} relative to the project, so that
 * the same checkout elsewhere gives the same statement, with the SHA-256 of a file's bytes, or for
 * a directory of its tree: one line per entry, sorted, {@code path NUL kind NUL sha256-or-target},
 * links never followed.
 */
final class ProjectInputs {
  private final Path basedir;
  private final BuildFacts.Hasher hasher;

  ProjectInputs(Path basedir, BuildFacts.Hasher hasher) {
    this.basedir = basedir.toAbsolutePath().normalize();
    this.hasher = hasher;
  }

  /**
   * @param followLink whether the step reads through a link at {@code source} ({@code extract}
   *     reads the archive a link names; {@code copy} copies the link itself)
   */
  void add(ArrayNode inputs, Path source, String name, boolean followLink) throws IOException {
    Path path = source.toAbsolutePath().normalize();
    String uri = "file:" + basedir.relativize(path).toString().replace('\\', '/');
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return; // the step would have failed; nothing was read
    }
    String sha256;
    if (Files.isSymbolicLink(path) && !followLink) {
      sha256 =
          Digest.ofBytes(("link\0" + Files.readSymbolicLink(path)).getBytes(StandardCharsets.UTF_8))
              .encoded();
    } else {
      Path real = Files.isSymbolicLink(path) ? path.toRealPath() : path;
      sha256 = Files.isDirectory(real) ? tree(real) : hasher.sha256(real);
    }
    SlsaProvenance.input(inputs, uri, sha256, name);
  }

  /** One object under a directory input: its path relative to the directory and what it is. */
  private record TreeEntry(String relative, Path path, BasicFileAttributes attributes) {}

  /**
   * The digest of {@code root}'s tree. One walk reads each object's attributes once (links never
   * followed), and each relative path is made once: the lines are sorted by it.
   */
  private String tree(Path root) throws IOException {
    List<TreeEntry> entries = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
            if (!directory.equals(root)) {
              entries.add(
                  new TreeEntry(root.relativize(directory).toString(), directory, attributes));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            entries.add(new TreeEntry(root.relativize(file).toString(), file, attributes));
            return FileVisitResult.CONTINUE;
          }
        });
    entries.sort(Comparator.comparing(TreeEntry::relative));
    MessageDigest digest = Digest.newSha256();
    for (TreeEntry entry : entries) {
      String kind;
      String content;
      BasicFileAttributes attributes = entry.attributes();
      if (attributes.isSymbolicLink()) {
        kind = "link";
        content = Files.readSymbolicLink(entry.path()).toString();
      } else if (attributes.isDirectory()) {
        kind = "directory";
        content = "";
      } else if (attributes.isRegularFile()) {
        kind = "file";
        content = hasher.sha256(entry.path());
      } else {
        continue; // a pipe or device: no step copies it
      }
      digest.update(
          (entry.relative() + "\0" + kind + "\0" + content + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
