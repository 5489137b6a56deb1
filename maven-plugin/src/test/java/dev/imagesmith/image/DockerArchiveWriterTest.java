package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveWriterTest {
  @TempDir Path tmp;

  @Test
  void write_skopeoInspectsTheArchive() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("hello");
    Path archive = tmp.resolve("image.tar");
    DockerArchiveWriter.write(archive, image, List.of("example.com/team/app:1.0"));

    JsonNode inspect =
        new ObjectMapper()
            .readTree(Tools.run(tmp, "skopeo", "inspect", "docker-archive:" + archive));
    assertEquals("amd64", inspect.path("Architecture").asText());
    assertEquals(1, inspect.path("Layers").size());
    // skopeo finds the image by the tag written in manifest.json RepoTags
    JsonNode byTag =
        new ObjectMapper()
            .readTree(
                Tools.run(
                    tmp,
                    "skopeo",
                    "inspect",
                    "docker-archive:" + archive + ":example.com/team/app:1.0"));
    assertEquals(inspect.path("Digest"), byTag.path("Digest"));
  }

  @Test
  void write_skopeoCopiesArchiveToOciLayout_contentSurvives() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("round trip");
    Path archive = tmp.resolve("image.tar");
    DockerArchiveWriter.write(archive, image, List.of("app:1.0"));

    Tools.run(
        tmp, "skopeo", "copy", "docker-archive:" + archive, "oci:" + tmp.resolve("out") + ":t");
    SourceImage copied = OciLayoutReader.read(tmp.resolve("out"), "t", Platform.LINUX_AMD64);
    assertEquals(image.config().diffIds(), copied.config().diffIds());
    assertEquals(image.config().cmd(), copied.config().cmd());
    try (VerifyingInputStream tar = copied.layers().get(0).openUncompressed()) {
      assertArrayEquals(TestImages.layer("etc/hello.txt", "round trip").tar(), tar.readAllBytes());
    }
  }

  @Test
  void write_archiveIsAlsoAnOciLayout() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("oci");
    Path archive = tmp.resolve("image.tar");
    DockerArchiveWriter.write(archive, image, List.of("app:2.0"));
    String raw = Tools.run(tmp, "skopeo", "inspect", "--raw", "oci-archive:" + archive + ":2.0");
    assertEquals(new String(image.manifest().toJson()), raw.strip());
  }

  @Test
  void O5_writeTwice_identicalBytes() throws Exception {
    Path first = tmp.resolve("a.tar");
    Path second = tmp.resolve("b.tar");
    DockerArchiveWriter.write(first, TestImages.helloImage("same"), List.of("app:1"));
    DockerArchiveWriter.write(second, TestImages.helloImage("same"), List.of("app:1"));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void O5_tarHeaders_sortedFixedOwnerAndTime() throws Exception {
    Path archive = tmp.resolve("a.tar");
    BuiltImage image = TestImages.helloImage("x");
    DockerArchiveWriter.write(
        archive, image, List.of("app"), Instant.parse("2020-01-01T00:00:00Z"));
    List<String> lines =
        Tools.run(tmp, "tar", "--numeric-owner", "--utc", "-tvf", archive.toString())
            .lines()
            .toList();
    List<String> names = lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(
        names.containsAll(List.of("manifest.json", "index.json", "oci-layout")), names.toString());
    for (String line : lines) {
      assertTrue(line.contains(" 0/0 "), line);
      assertTrue(line.contains("2020-01-01 00:00"), line);
    }
    String manifestJson = Tools.run(tmp, "tar", "-xOf", archive.toString(), "manifest.json");
    assertEquals(
        "[{\"Config\":\"blobs/sha256/"
            + image.configBlob().descriptor().digest().encoded()
            + "\",\"Layers\":[\"blobs/sha256/"
            + image.layers().get(0).descriptor().digest().encoded()
            + "\"],\"RepoTags\":[\"app:latest\"]}]",
        manifestJson);
  }
}
