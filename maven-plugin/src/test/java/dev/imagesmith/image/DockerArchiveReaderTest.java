package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.TestImages;
import dev.imagesmith.testkit.TestTar;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveReaderTest {
  @TempDir Path tmp;

  private static void assertUserError(Executable call, String... parts) {
    UserInputException e = assertThrows(UserInputException.class, call);
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "'" + part + "' missing in: " + e.getMessage());
    }
  }

  private static byte[] readVerified(SourceLayer layer) throws Exception {
    try (VerifyingInputStream in = layer.openRaw()) {
      byte[] bytes = in.readAllBytes();
      in.drainAndVerify();
      return bytes;
    }
  }

  @Test
  void read_archiveWrittenBySkopeo_uncompressedLayersNamedByDiffId() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("from skopeo");
    OciLayoutWriter.write(tmp.resolve("a"), image, List.of("t"));
    Path archive = tmp.resolve("b.tar");
    Tools.run(
        tmp,
        "skopeo",
        "copy",
        "oci:" + tmp.resolve("a") + ":t",
        "docker-archive:" + archive + ":x/y:t");

    SourceImage read = DockerArchiveReader.read(archive);
    assertEquals(image.config().diffIds(), read.config().diffIds());
    SourceLayer layer = read.layers().get(0);
    assertEquals(MediaTypes.OCI_LAYER, layer.descriptor().mediaType());
    assertEquals(layer.diffId(), layer.descriptor().digest());
    assertArrayEquals(TestImages.layer("etc/hello.txt", "from skopeo").tar(), readVerified(layer));
    assertEquals(
        read.manifestDescriptor(), DockerArchiveReader.read(archive, "x/y:t").manifestDescriptor());
  }

  @Test
  void read_ourArchive_keepsCompressedBlobDescriptors() throws Exception {
    BuiltImage image = TestImages.helloImage("ours");
    Path archive = tmp.resolve("a.tar");
    DockerArchiveWriter.write(archive, image, List.of("app:1"));

    SourceImage read = DockerArchiveReader.read(archive, "app:1");
    assertEquals(image.layers().get(0).descriptor(), read.layers().get(0).descriptor());
    assertEquals(image.configBlob().descriptor(), read.manifest().config());
    assertEquals(image.manifestDescriptor(), read.manifestDescriptor());
    try (VerifyingInputStream tar = read.layers().get(0).openUncompressed()) {
      assertArrayEquals(TestImages.layer("etc/hello.txt", "ours").tar(), tar.readAllBytes());
    }
  }

  @Test
  void read_legacyNamedGzipLayerBehindSymlink_isHashedAndFollowedOnce() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "legacy");
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson("config.json", "abc/layer.tar"))
            .file("config.json", config.toJson())
            .file("real/layer.tar", layer.gzip())
            .symlink("abc/layer.tar", "../real/layer.tar")
            .writeTo(tmp.resolve("a.tar"));

    SourceLayer read = DockerArchiveReader.read(archive).layers().get(0);
    assertEquals(layer.blob().descriptor(), read.descriptor());
    assertArrayEquals(layer.gzip(), readVerified(read));
  }

  @Test
  void O14_layerPathEscapingTheArchive_rejected() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "x");
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson("config.json", "../../x"))
            .file("config.json", config.toJson())
            .file("x", layer.tar())
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(
        () -> DockerArchiveReader.read(archive), "Layers[0]", "'../../x'", "outside the archive");
  }

  @Test
  void O14_symlinkToSymlink_notFollowedTwice() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "x");
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson("config.json", "one.tar"))
            .file("config.json", config.toJson())
            .symlink("one.tar", "two.tar")
            .symlink("two.tar", "layer.tar")
            .file("layer.tar", layer.tar())
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(
        () -> DockerArchiveReader.read(archive), "'one.tar' is a link", "followed once");
  }

  @Test
  void O14_hugeManifestJson_rejectedBeforeParsing() throws Exception {
    Path archive =
        new TestTar()
            .file("manifest.json", new byte[DockerArchiveReader.MAX_MANIFEST_JSON_BYTES + 1])
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(() -> DockerArchiveReader.read(archive), "manifest.json", "limit of 1048576");
  }

  @Test
  void O14_duplicateMember_rejectedAsAmbiguous() throws Exception {
    Path archive =
        new TestTar()
            .file("manifest.json", "[]")
            .file("./manifest.json", "[]")
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(() -> DockerArchiveReader.read(archive), "more than once");
  }

  @Test
  void O3_tamperedLayerInArchive_mismatchOnRead() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "good");
    TestImages.Layer evil = TestImages.layer("etc/f", "evil");
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson("config.json", "layer.tar"))
            .file("config.json", config.toJson())
            .file("layer.tar", evil.tar())
            .writeTo(tmp.resolve("a.tar"));
    SourceLayer read = DockerArchiveReader.read(archive).layers().get(0);
    assertUserError(
        () -> readVerified(read), "layer 1 ('layer.tar')", "expected " + layer.diffId());
  }

  @Test
  void read_configNamedByWrongDigest_rejected() throws Exception {
    ImageConfig config = ImageConfig.scratch(Platform.LINUX_AMD64);
    String wrongName = "blobs/sha256/" + "0".repeat(64);
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson(wrongName))
            .file(wrongName, config.toJson())
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(() -> DockerArchiveReader.read(archive), "tampered");
  }

  @Test
  void read_gzippedArchive_saysToDecompress() throws Exception {
    Path plain = tmp.resolve("a.tar");
    DockerArchiveWriter.write(plain, TestImages.helloImage("x"), List.of("app:1"));
    Path gz = tmp.resolve("a.tar.gz");
    Files.write(gz, TestTar.gzip(Files.readAllBytes(plain)));
    assertUserError(() -> DockerArchiveReader.read(gz), "decompress it first");
  }

  @Test
  void read_twoImagesWithoutTag_listsTags() throws Exception {
    ImageConfig config = ImageConfig.scratch(Platform.LINUX_AMD64);
    String item = "{\"Config\":\"c.json\",\"RepoTags\":[\"%s\"],\"Layers\":[]}";
    Path archive =
        new TestTar()
            .file("manifest.json", "[" + item.formatted("a:1") + "," + item.formatted("b:2") + "]")
            .file("c.json", config.toJson())
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(() -> DockerArchiveReader.read(archive), "2 images", "'a:1', 'b:2'");
    assertEquals(0, DockerArchiveReader.read(archive, "b:2").layers().size());
    assertUserError(() -> DockerArchiveReader.read(archive, "c:3"), "no image tagged 'c:3'");
  }

  @Test
  void N11_layerCountDiffersFromDiffIds_rejected() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "x");
    Path archive =
        new TestTar()
            .file("manifest.json", TestImages.manifestJson("c.json", "layer.tar"))
            .file("c.json", ImageConfig.scratch(Platform.LINUX_AMD64).toJson())
            .file("layer.tar", layer.tar())
            .writeTo(tmp.resolve("a.tar"));
    assertUserError(() -> DockerArchiveReader.read(archive), "1 layers but the config lists 0");
  }

  @Test
  void read_layerReadTwice_eachOpenIsIndependent() throws Exception {
    Path archive = tmp.resolve("a.tar");
    DockerArchiveWriter.write(archive, TestImages.helloImage("twice"), List.of("app:1"));
    SourceLayer layer = DockerArchiveReader.read(archive).layers().get(0);
    try (InputStream a = layer.openRaw();
        InputStream b = layer.openRaw()) {
      assertArrayEquals(a.readAllBytes(), b.readAllBytes());
    }
    assertEquals(Map.of(), DockerArchiveReader.read(archive).manifest().annotations());
  }

  @Test
  void read_zstdLayer_detectedByMagicAndDecompressed() throws Exception {
    Tools.assumeInstalled("zstd");
    TestImages.Layer layer = TestImages.layer("etc/f", "zstd content");
    Path tar = Files.write(tmp.resolve("layer.tar"), layer.tar());
    Tools.run(
        tmp, "zstd", "-q", "-19", tar.toString(), "-o", tmp.resolve("layer.tar.zst").toString());
    byte[] zstd = Files.readAllBytes(tmp.resolve("layer.tar.zst"));
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withLayer(layer.diffId(), History.layer(null, "x"));
    Path archive =
        new TestTar()
            .file(
                "manifest.json",
                TestImages.manifestJson("c.json", "blobs/sha256/" + Digest.ofBytes(zstd).encoded()))
            .file("c.json", config.toJson())
            .file("blobs/sha256/" + Digest.ofBytes(zstd).encoded(), zstd)
            .writeTo(tmp.resolve("a.tar"));

    SourceLayer read = DockerArchiveReader.read(archive).layers().get(0);
    assertEquals(
        new Descriptor(MediaTypes.OCI_LAYER_ZSTD, Digest.ofBytes(zstd), zstd.length),
        read.descriptor());
    try (VerifyingInputStream in = read.openUncompressed()) {
      assertArrayEquals(layer.tar(), in.readAllBytes());
    }
  }
}
