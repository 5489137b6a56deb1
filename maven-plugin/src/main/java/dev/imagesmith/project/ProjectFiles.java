package dev.imagesmith.project;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The files of a project directory ({@code target/classes}, an exploded WAR) that go into the
 * image: regular files and symlinks, the links never followed; sockets and fifos are nothing a
 * class path or a web application reads, and directories are made from the files' paths.
 */
final class ProjectFiles {
  /** One file: its host path, its path relative to the directory walked, and whether regular. */
  @FunctionalInterface
  interface Visitor {
    void file(Path file, String relative, boolean regular);
  }

  private ProjectFiles() {}

  static void walk(Path directory, Visitor visitor) throws IOException {
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
              String relative = directory.relativize(file).toString().replace('\\', '/');
              visitor.file(file, relative, attributes.isRegularFile());
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
