package dev.imagesmith.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provenance's digest of a directory input: its definition, which published statements use. */
class ProjectInputsTest {
  @TempDir Path project;

  @Test
  void directory_oneLinePerEntrySortedByRelativePath_linksNotFollowed() throws IOException {
    Path rootfs = Files.createDirectories(project.resolve("rootfs"));
    Files.writeString(rootfs.resolve("a"), "x");
    Files.createDirectories(rootfs.resolve("sub/empty"));
    Files.writeString(rootfs.resolve("sub/b"), "y");
    Files.writeString(rootfs.resolve("sub-c"), "z");
    Files.createSymbolicLink(rootfs.resolve("l"), Path.of("/etc/passwd"));

    ArrayNode inputs = JsonNodeFactory.instance.arrayNode();
    new ProjectInputs(project, file -> sha256(Files.readString(file)))
        .add(inputs, rootfs, "copy", false);

    // "sub-c" before "sub/b": the lines are sorted as strings, '-' before '/'.
    String lines =
        "a\0file\0"
            + sha256("x")
            + "\n"
            + "l\0link\0/etc/passwd\n"
            + "sub\0directory\0\n"
            + "sub-c\0file\0"
            + sha256("z")
            + "\n"
            + "sub/b\0file\0"
            + sha256("y")
            + "\n"
            + "sub/empty\0directory\0\n";
    assertEquals("file:rootfs", inputs.get(0).get("uri").asText());
    assertEquals(sha256(lines), inputs.get(0).at("/digest/sha256").asText());
  }

  private static String sha256(String text) {
    return Digest.ofBytes(text.getBytes(StandardCharsets.UTF_8)).encoded();
  }
}
