package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutWriterTest {
  @TempDir Path tmp;

  @Test
  void write_skopeoReadsManifestAndConfig() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("hello");
    Path layout = tmp.resolve("layout");
    Descriptor manifest = OciLayoutWriter.write(layout, image, List.of("1.0", "latest"));

    String raw = Tools.run(tmp, "skopeo", "inspect", "--raw", "oci:" + layout + ":1.0");
    assertEquals(image.manifestDescriptor(), manifest);
    assertEquals(new String(image.manifest().toJson(), StandardCharsets.UTF_8), raw.strip());

    JsonNode config =
        new ObjectMapper()
            .readTree(Tools.run(tmp, "skopeo", "inspect", "--config", "oci:" + layout + ":latest"));
    assertEquals("amd64", config.path("architecture").asText());
    assertEquals("/bin/sh", config.path("config").path("Cmd").path(0).asText());
    assertEquals(
        image.config().diffIds().get(0).toString(),
        config.path("rootfs").path("diff_ids").path(0).asText());
  }

  @Test
  void write_umociListsTagsAndUnpacksTheFile() throws Exception {
    Tools.assumeInstalled("umoci");
    Path layout = tmp.resolve("layout");
    OciLayoutWriter.write(layout, TestImages.helloImage("hello umoci"), List.of("1.0", "latest"));

    String tags = Tools.run(tmp, "umoci", "ls", "--layout", layout.toString());
    assertEquals(List.of("1.0", "latest"), tags.lines().sorted().toList());

    Tools.run(tmp, "umoci", "unpack", "--rootless", "--image", layout + ":1.0", "bundle");
    assertEquals("hello umoci", Files.readString(tmp.resolve("bundle/rootfs/etc/hello.txt")));
  }

  @Test
  void write_indexListsManifestOncePerTag() throws Exception {
    Path layout = tmp.resolve("layout");
    BuiltImage image = TestImages.helloImage("x");
    OciLayoutWriter.write(layout, image, List.of("a", "b", "a"));
    ImageIndex index = ImageIndex.parse(Files.readAllBytes(layout.resolve("index.json")), "test");
    assertEquals(2, index.manifests().size());
    assertEquals("a", index.manifests().get(0).refName().orElseThrow());
    assertEquals("b", index.manifests().get(1).refName().orElseThrow());
    index
        .manifests()
        .forEach(e -> assertEquals(image.manifestDescriptor().digest(), e.descriptor().digest()));
    assertEquals(
        "{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(layout.resolve("oci-layout")));
  }

  @Test
  void O5_writeTwice_identicalFiles() throws Exception {
    Path first = tmp.resolve("one");
    Path second = tmp.resolve("two");
    OciLayoutWriter.write(first, TestImages.helloImage("same"), List.of("t"));
    OciLayoutWriter.write(second, TestImages.helloImage("same"), List.of("t"));
    assertEquals(contents(first), contents(second));
  }

  @Test
  void O1_rewrite_replacesOldLayoutAndLeavesNoTemporaries() throws Exception {
    Path layout = tmp.resolve("layout");
    OciLayoutWriter.write(layout, TestImages.helloImage("old"), List.of("t"));
    Descriptor second = OciLayoutWriter.write(layout, TestImages.helloImage("new"), List.of("t"));

    SourceImage read = OciLayoutReader.read(layout, "t", Platform.LINUX_AMD64);
    assertEquals(second.digest(), read.manifestDescriptor().digest());
    // 1 layer + config + manifest: the old image's blobs are gone
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
      assertEquals(3, blobs.count());
    }
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(
          List.of("layout"), // no temporaries, and the lock file went with the lock
          siblings.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void O1_staleTemporaryFromKilledRun_isRemoved() throws Exception {
    Files.createDirectories(tmp.resolve(".layout.tmp-123/blobs"));
    OciLayoutWriter.write(tmp.resolve("layout"), TestImages.helloImage("x"), List.of("t"));
    assertFalse(Files.exists(tmp.resolve(".layout.tmp-123")));
  }

  @Test
  void write_targetIsAnUnrelatedDirectory_refusesToDeleteIt() throws Exception {
    Path precious = tmp.resolve("src");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("Main.java"), "class Main {}");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> OciLayoutWriter.write(precious, TestImages.helloImage("x"), List.of("t")));
    assertTrue(e.getMessage().contains("not an image output"), e.getMessage());
    assertTrue(Files.exists(precious.resolve("Main.java")));
  }

  @Test
  void write_fileBlob_isHardLinkedNotCopied() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "linked");
    Path cached = tmp.resolve("cache-blob");
    Files.write(cached, layer.gzip());
    Descriptor descriptor = layer.blob().descriptor();
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    BuiltImage image =
        BuiltImage.of(config, List.of(BlobSource.ofFile(descriptor, cached)), Map.of());
    Path layout = tmp.resolve("layout");
    OciLayoutWriter.write(layout, image, List.of("t"));

    Path blob = layout.resolve("blobs/sha256/" + descriptor.digest().encoded());
    assertEquals(Files.getAttribute(cached, "unix:ino"), Files.getAttribute(blob, "unix:ino"));
  }

  @Test
  void write_invalidTag_isUserError() {
    assertThrows(
        UserInputException.class,
        () -> OciLayoutWriter.write(tmp.resolve("l"), TestImages.helloImage("x"), List.of("../x")));
  }

  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Digest.ofBytes(Files.readAllBytes(p)).toString());
      }
    }
    return files;
  }
}
