package dev.imagesmith.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The files of {@code target/image}. A build first removes what an earlier build left (so a failed
 * build never leaves a digest that describes another image), and writes each file under a temporary
 * name in the same directory before moving it into place; {@code digest} is written last.
 */
final class OutputFiles {
  static final String OCI = "oci";
  static final String ARCHIVE = "image.tar";
  static final String DIGEST = "digest";
  static final String IMAGE_JSON = "image.json";

  private OutputFiles() {}

  /** Removes the outputs of an earlier build, digest first. */
  static void clearStale(Path outputDirectory) throws IOException {
    Files.deleteIfExists(outputDirectory.resolve(DIGEST));
    Files.deleteIfExists(outputDirectory.resolve(IMAGE_JSON));
    Files.deleteIfExists(outputDirectory.resolve(ARCHIVE));
    deleteTree(outputDirectory.resolve(OCI));
  }

  /**
   * Writes {@code content} to {@code target} atomically (temporary file in the same directory, then
   * move).
   */
  static void write(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes a host directory tree without following links; missing is fine. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            // A stage may have made a directory read-only; its owner can still empty it.
            dir.toFile().setWritable(true, true);
            dir.toFile().setExecutable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
