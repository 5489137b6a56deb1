package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Jib Core stays behind our interfaces: only this package may import it (DESIGN.md). */
class RegistryImportsTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/imagesmith");

  @Test
  void onlyRegistryPackage_importsJib() throws IOException {
    List<Path> offenders;
    List<Path> users;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> java = files.filter(p -> p.toString().endsWith(".java")).toList();
      offenders =
          java.stream()
              .filter(p -> !p.getParent().endsWith("registry"))
              .filter(RegistryImportsTest::mentionsJib)
              .toList();
      users = java.stream().filter(RegistryImportsTest::mentionsJib).toList();
    }
    assertEquals(List.of(), offenders);
    // The scan must see the package that does use Jib, or it proves nothing.
    assertTrue(
        users.stream().anyMatch(p -> p.endsWith("DockerConfigCredentials.java")), users.toString());
  }

  private static boolean mentionsJib(Path file) {
    try {
      return Files.readString(file).contains("com.google.cloud.tools.jib");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
