package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutReaderTest {
  @TempDir Path tmp;

  private static UserInputException userError(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(UserInputException.class, call);
  }

  private static void assertMentions(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "'" + part + "' missing in: " + e.getMessage());
    }
  }

  @Test
  void read_ourLayout_giveSameManifestConfigAndLayers() throws Exception {
    BuiltImage image = TestImages.helloImage("read me");
    Path layout = tmp.resolve("layout");
    OciLayoutWriter.write(layout, image, List.of("1.0"));

    SourceImage read = OciLayoutReader.read(layout, "1.0", Platform.LINUX_AMD64);
    assertEquals(image.manifestDescriptor(), read.manifestDescriptor());
    assertEquals(image.manifest(), read.manifest());
    assertArrayEquals(image.config().toJson(), read.config().toJson());
    SourceLayer layer = read.layers().get(0);
    assertEquals(image.config().diffIds().get(0), layer.diffId());
    try (VerifyingInputStream tar = layer.openUncompressed()) {
      assertArrayEquals(TestImages.layer("etc/hello.txt", "read me").tar(), tar.readAllBytes());
    }
    // without a tag: the layout holds one image
    assertEquals(
        image.manifestDescriptor().digest(),
        OciLayoutReader.read(layout, null, Platform.LINUX_AMD64).manifestDescriptor().digest());
  }

  @Test
  void read_layoutWrittenBySkopeo() throws Exception {
    Tools.assumeInstalled("skopeo");
    BuiltImage image = TestImages.helloImage("via skopeo");
    OciLayoutWriter.write(tmp.resolve("a"), image, List.of("t"));
    Tools.run(
        tmp,
        "skopeo",
        "copy",
        "oci:" + tmp.resolve("a") + ":t",
        "oci:" + tmp.resolve("b") + ":copied");

    SourceImage read = OciLayoutReader.read(tmp.resolve("b"), "copied", Platform.LINUX_AMD64);
    assertEquals(image.config().diffIds(), read.config().diffIds());
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    read.layers().get(0).writeTo(copy);
    assertEquals(read.layers().get(0).descriptor().size(), copy.size());
  }

  @Test
  void read_layerReusedAsBlobSource_inNewImage() throws Exception {
    OciLayoutWriter.write(tmp.resolve("base"), TestImages.helloImage("base"), List.of("t"));
    SourceImage base = OciLayoutReader.read(tmp.resolve("base"), "t", Platform.LINUX_AMD64);
    BuiltImage derived =
        BuiltImage.of(base.config().withCmd(List.of("/app")), base.layers(), java.util.Map.of());
    OciLayoutWriter.write(tmp.resolve("derived"), derived, List.of("t"));
    SourceImage read = OciLayoutReader.read(tmp.resolve("derived"), "t", Platform.LINUX_AMD64);
    assertEquals(List.of("/app"), read.config().cmd());
    assertEquals(base.layers().get(0).descriptor(), read.layers().get(0).descriptor());
  }

  @Test
  void N12_traversalDigestInIndexJson_rejectedBeforeAnyFileIsOpened() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    layout.index(
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:../../../../etc/passwd\",\"size\":10}]}");
    UserInputException e =
        userError(() -> OciLayoutReader.read(layout.dir, null, Platform.LINUX_AMD64));
    assertMentions(e, "sha256:../../../../etc/passwd", "index.json", "64 lowercase hex");
  }

  @Test
  void N12_uppercaseDigest_rejected() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    Descriptor m = layout.image("x", Platform.LINUX_AMD64);
    layout.index(
        TestImages.Layout.indexJson(
            TestImages.Layout.entry(new Descriptor(m.mediaType(), m.digest(), m.size()), "")
                .replace(m.digest().encoded(), m.digest().encoded().toUpperCase())));
    userError(() -> OciLayoutReader.read(layout.dir, null, Platform.LINUX_AMD64));
  }

  @Test
  void N13_documentWithManifestsAndLayers_rejected() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    Descriptor real = layout.image("x", Platform.LINUX_AMD64);
    Descriptor config =
        layout.blob(MediaTypes.OCI_CONFIG, TestImages.helloImage("x").config().toJson());
    Descriptor confused =
        layout.blob(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":"
                + TestImages.Layout.entry(config, "")
                + ",\"layers\":[],"
                + "\"manifests\":["
                + TestImages.Layout.entry(real, "")
                + "]}");
    layout.index(TestImages.Layout.indexJson(TestImages.Layout.tagged(confused, "t")));
    UserInputException e =
        userError(() -> OciLayoutReader.read(layout.dir, "t", Platform.LINUX_AMD64));
    assertMentions(e, "both 'manifests' and 'layers'", confused.digest().toString());
  }

  @Test
  void N13_descriptorMediaTypeDisagreesWithBody_rejected() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    Descriptor m = layout.image("x", Platform.LINUX_AMD64);
    layout.index(
        TestImages.Layout.indexJson(
            TestImages.Layout.tagged(
                new Descriptor(MediaTypes.OCI_INDEX, m.digest(), m.size()), "t")));
    UserInputException e =
        userError(() -> OciLayoutReader.read(layout.dir, "t", Platform.LINUX_AMD64));
    assertMentions(e, "descriptor says media type");
  }

  @Test
  void O3_tamperedLayerBlob_digestMismatchNamesImageAndBlob() throws Exception {
    Path dir = tmp.resolve("l");
    BuiltImage image = TestImages.helloImage("original");
    OciLayoutWriter.write(dir, image, List.of("t"));
    Digest layerDigest = image.layers().get(0).descriptor().digest();
    Path blob = dir.resolve("blobs/sha256/" + layerDigest.encoded());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length - 5] ^= 1; // same size, different content
    Files.write(blob, bytes);

    SourceImage read = OciLayoutReader.read(dir, "t", Platform.LINUX_AMD64);
    UserInputException e =
        userError(
            () -> {
              try (InputStream in = read.layers().get(0).openRaw()) {
                in.readAllBytes();
              }
            });
    assertMentions(e, "layer 1", "oci:" + dir + ":t", "expected " + layerDigest, "got sha256:");
  }

  @Test
  void R14_blobSizeDiffersFromDescriptor_rejectedBeforeReading() throws Exception {
    Path dir = tmp.resolve("l");
    BuiltImage image = TestImages.helloImage("x");
    OciLayoutWriter.write(dir, image, List.of("t"));
    Path configBlob =
        dir.resolve("blobs/sha256/" + image.configBlob().descriptor().digest().encoded());
    Files.writeString(configBlob, "{}", java.nio.file.StandardOpenOption.APPEND);
    UserInputException e = userError(() -> OciLayoutReader.read(dir, "t", Platform.LINUX_AMD64));
    assertMentions(e, "bytes but its descriptor says");
  }

  @Test
  void read_twoImagesWithoutTag_listsTheTags() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    Descriptor one = layout.image("one", Platform.LINUX_AMD64);
    Descriptor two = layout.image("two", Platform.LINUX_AMD64);
    layout.index(
        TestImages.Layout.indexJson(
            TestImages.Layout.tagged(one, "one"), TestImages.Layout.tagged(two, "two")));
    UserInputException e =
        userError(() -> OciLayoutReader.read(layout.dir, null, Platform.LINUX_AMD64));
    assertMentions(e, "2 different images", "'one', 'two'");
    assertEquals(
        two, OciLayoutReader.read(layout.dir, "two", Platform.LINUX_AMD64).manifestDescriptor());
    UserInputException missing =
        userError(() -> OciLayoutReader.read(layout.dir, "three", Platform.LINUX_AMD64));
    assertMentions(missing, "no image tagged 'three'", "'one', 'two'");
  }

  @Test
  void N14_nestedIndex_selectsByPlatform_andMissingPlatformListsChoices() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("l"));
    Descriptor amd = layout.image("amd", Platform.LINUX_AMD64);
    Descriptor arm = layout.image("arm", Platform.parse("linux/arm64/v8", "test"));
    Descriptor nested =
        layout.blob(
            MediaTypes.OCI_INDEX,
            TestImages.Layout.indexJson(
                TestImages.Layout.forPlatform(amd, "linux", "amd64", null),
                TestImages.Layout.forPlatform(arm, "linux", "arm64", "v8")));
    layout.index(TestImages.Layout.indexJson(TestImages.Layout.tagged(nested, "multi")));

    // arm64 without variant means v8
    assertEquals(
        arm,
        OciLayoutReader.read(layout.dir, "multi", Platform.parse("linux/arm64", "t"))
            .manifestDescriptor());
    assertEquals(
        amd, OciLayoutReader.read(layout.dir, "multi", Platform.LINUX_AMD64).manifestDescriptor());
    UserInputException e =
        userError(
            () -> OciLayoutReader.read(layout.dir, "multi", Platform.parse("linux/s390x", "t")));
    assertMentions(e, "no image for platform linux/s390x", "linux/amd64", "linux/arm64/v8");
  }

  @Test
  void N14_singleManifestForOtherPlatform_rejected() throws Exception {
    OciLayoutWriter.write(tmp.resolve("l"), TestImages.helloImage("x"), List.of("t"));
    UserInputException e =
        userError(
            () -> OciLayoutReader.read(tmp.resolve("l"), "t", Platform.parse("linux/arm64", "t")));
    assertMentions(e, "is an image for linux/amd64");
  }

  @Test
  void N11_diffIdMismatch_detectedWhenDecompressing() throws Exception {
    TestImages.Layer layer = TestImages.layer("etc/f", "real");
    Digest wrongDiffId = Digest.ofBytes("other".getBytes());
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64).withLayer(wrongDiffId, History.layer(null, "x"));
    OciLayoutWriter.write(
        tmp.resolve("l"),
        BuiltImage.of(config, List.of(layer.blob()), java.util.Map.of()),
        List.of("t"));
    SourceLayer read =
        OciLayoutReader.read(tmp.resolve("l"), "t", Platform.LINUX_AMD64).layers().get(0);
    UserInputException e =
        userError(
            () -> {
              try (VerifyingInputStream in = read.openUncompressed()) {
                in.readAllBytes();
              }
            });
    assertMentions(e, "(uncompressed)", "expected " + wrongDiffId);
  }

  @Test
  void read_symlinkedBlob_refused() throws Exception {
    Path dir = tmp.resolve("l");
    BuiltImage image = TestImages.helloImage("x");
    OciLayoutWriter.write(dir, image, List.of("t"));
    Path config = dir.resolve("blobs/sha256/" + image.configBlob().descriptor().digest().encoded());
    Path elsewhere = tmp.resolve("elsewhere");
    Files.move(config, elsewhere);
    Files.createSymbolicLink(config, elsewhere);
    UserInputException e = userError(() -> OciLayoutReader.read(dir, "t", Platform.LINUX_AMD64));
    assertMentions(e, "not a regular file");
  }

  @Test
  void read_notALayout_saysHowToMakeOne() {
    UserInputException e = userError(() -> OciLayoutReader.read(tmp, null, Platform.LINUX_AMD64));
    assertMentions(e, "not an OCI image layout", "skopeo copy");
    assertFalse(e.getMessage().isBlank());
  }
}
