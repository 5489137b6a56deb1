package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against a real docker-registry on loopback, checked with skopeo and umoci. */
class RegistryRoundTripTest {
  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;

  private PushResult push(Path layout, Digest digest, String... references) throws Exception {
    return TestClients.push(
        TestClients.anonymous(3, false), new LogLines(), layout, digest, references);
  }

  private static long count(List<String> log, String needle) {
    return log.stream().filter(line -> line.contains(needle)).count();
  }

  @Test
  void push_skopeoAndUmoci_seeOurDigestAndFiles() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("hello.txt", "hello registry"));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1.0");
    String ref = registry.address() + "/team/hello";

    PushResult result = push(layout, digest, ref + ":1.0", ref + ":latest");

    assertEquals(List.of(ref + ":1.0", ref + ":latest"), result.references());
    assertEquals(2, result.uploaded()); // layer and config
    for (String tag : List.of("1.0", "latest")) {
      assertEquals(digest.toString(), RegistryServer.skopeoDigest(dir, ref + ":" + tag));
    }
    RegistryServer.exec(
        dir, "skopeo", "copy", "--src-tls-verify=false", "docker://" + ref + ":1.0", "oci:copy:x");
    RegistryServer.exec(dir, "umoci", "unpack", "--rootless", "--image", "copy:x", "bundle");
    assertEquals(
        "hello registry",
        Files.readString(dir.resolve("bundle/rootfs/hello.txt"), StandardCharsets.UTF_8));
    String pushedJson = new String(result.toJson(), StandardCharsets.UTF_8);
    assertTrue(pushedJson.contains(ref + "@" + digest), pushedJson);
  }

  @Test
  void push_severalLayers_uploadsAllConcurrently_logsInManifestOrder() throws Exception {
    // Six layers of different sizes (some large enough for uploads to overlap), uploaded by the
    // pool of RegistryPusher.UPLOADS; the image must arrive whole and byte for byte.
    java.util.Random random = new java.util.Random(7);
    List<TestImages.Layer> layers = new java.util.ArrayList<>();
    List<String> contents = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      StringBuilder content = new StringBuilder();
      int lines = i % 2 == 0 ? 60_000 : 10;
      for (int line = 0; line < lines; line++) {
        content.append(Long.toHexString(random.nextLong())).append('\n');
      }
      contents.add(content.toString());
      layers.add(TestImages.layer("layer" + i + ".txt", content.toString()));
    }
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), layers.toArray(new TestImages.Layer[0]));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    String ref = registry.address() + "/team/many";
    int mark = registry.server().accessLog().size();
    LogLines log = new LogLines();

    PushResult result =
        TestClients.push(
            TestClients.anonymous(3, false), log, layout, digest, ref + ":1", ref + ":2");

    assertEquals(7, result.uploaded()); // six layers and the config
    assertEquals(List.of(ref + ":1", ref + ":2"), result.references());
    // The log names the uploads in manifest order, whatever order they finished in.
    List<String> uploadedLines =
        log.lines().stream().filter(line -> line.contains("  uploaded ")).toList();
    List<String> expectedOrder = new java.util.ArrayList<>();
    image.manifest().layers().forEach(layer -> expectedOrder.add(layer.digest().toString()));
    expectedOrder.add(image.manifest().config().digest().toString());
    assertEquals(7, uploadedLines.size(), log.text());
    for (int i = 0; i < 7; i++) {
      assertTrue(uploadedLines.get(i).contains(expectedOrder.get(i)), log.text());
    }
    // The registry accepts a manifest only when it has every blob it names (MANIFEST_BLOB_UNKNOWN
    // otherwise), so the answered manifest PUTs show the uploads were all confirmed first.
    List<String> access = registry.server().accessLogSince(mark);
    assertEquals(7, count(access, "\"PUT /v2/team/many/blobs/uploads/"), String.join("\n", access));

    assertEquals(digest.toString(), RegistryServer.skopeoDigest(dir, ref + ":2"));
    RegistryServer.exec(
        dir, "skopeo", "copy", "--src-tls-verify=false", "docker://" + ref + ":1", "oci:copy:x");
    RegistryServer.exec(dir, "umoci", "unpack", "--rootless", "--image", "copy:x", "bundle");
    for (int i = 0; i < 6; i++) {
      assertEquals(
          contents.get(i),
          Files.readString(
              dir.resolve("bundle/rootfs/layer" + i + ".txt"), StandardCharsets.UTF_8));
    }
  }

  // N18: a rerun asks for each blob first and uploads none the registry has.
  @Test
  void push_secondTime_uploadsNoBlob() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("again.txt", "same bytes"));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    String ref = registry.address() + "/team/again:1";
    push(layout, digest, ref);
    int mark = registry.server().accessLog().size();

    PushResult second = push(layout, digest, ref);

    List<String> log = registry.server().accessLogSince(mark);
    assertEquals(0, second.uploaded());
    assertEquals(2, second.present());
    assertEquals(0, count(log, "/blobs/uploads/"), String.join("\n", log));
    assertEquals(2, count(log, "\"HEAD /v2/team/again/blobs/sha256:"), String.join("\n", log));
    assertEquals(1, count(log, "\"PUT /v2/team/again/manifests/1 "), String.join("\n", log));
  }

  // Also N18: blobs go first, so a blob that fails leaves no manifest.
  @Test
  void O4_push_blobChangedSinceBuild_failsBeforeAnyManifest() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("data.txt", "x".repeat(4000)));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    Digest layerDigest = image.manifest().layers().get(0).digest();
    Path layer = layout.resolve("blobs/sha256").resolve(layerDigest.encoded());
    byte[] bytes = Files.readAllBytes(layer);
    byte[] tampered = bytes.clone();
    tampered[tampered.length / 2] ^= 0x40; // same size: only hashing what is sent can tell
    Files.write(layer, tampered);
    String ref = registry.address() + "/team/tampered:1";
    int mark = registry.server().accessLog().size();

    UserInputException e = assertThrows(UserInputException.class, () -> push(layout, digest, ref));

    assertTrue(e.getMessage().contains(layer.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("is not blob " + layerDigest), e.getMessage());
    assertTrue(e.getMessage().contains("Run image:build again"), e.getMessage());
    List<String> log = registry.server().accessLogSince(mark);
    assertEquals(0, count(log, "/manifests/"), String.join("\n", log));
    java.net.http.HttpResponse<Void> tag =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://" + registry.address() + "/v2/team/tampered/manifests/1"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(404, tag.statusCode(), "no manifest names the changed blob");

    // A different size is caught before any request.
    Files.write(layer, java.util.Arrays.copyOf(bytes, bytes.length + 1));
    String other = registry.address() + "/team/longer:1";
    UserInputException longer =
        assertThrows(UserInputException.class, () -> push(layout, digest, other));
    assertTrue(longer.getMessage().contains("changed after image:build"), longer.getMessage());

    // Restored: the same push goes through and the registry serves our digest.
    Files.write(layer, bytes);
    assertEquals(digest, push(layout, digest, ref).digest());
    // The longer file was refused before any request (the log holds every earlier request by now).
    assertEquals(0, count(registry.server().accessLog(), "/v2/team/longer/"));
  }

  // The layout is the build's output, but it sat on disk: a link planted as its index.json (or
  // as a manifest's blob file) is refused, never followed, and no request is made.
  @Test
  void push_layoutFilesAreLinks_refusedBeforeAnyRequest() throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("a.txt", "linked"));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    Path index = layout.resolve("index.json");
    Path elsewhere = Files.move(index, dir.resolve("elsewhere.json"));
    Files.createSymbolicLink(index, elsewhere);
    String ref = registry.address() + "/team/linked:1";
    int mark = registry.server().accessLog().size();

    UserInputException e = assertThrows(UserInputException.class, () -> push(layout, digest, ref));

    assertTrue(e.getMessage().contains(index.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("link"), e.getMessage());
    assertTrue(e.getMessage().contains("run image:build again"), e.getMessage());
    assertEquals(List.of(), registry.server().accessLogSince(mark));

    // The manifest's blob file as a link: refused as a missing blob, before its manifest is put.
    Files.delete(index);
    Files.move(elsewhere, index);
    Path manifest = layout.resolve("blobs/sha256").resolve(digest.encoded());
    Path moved = Files.move(manifest, dir.resolve("manifest.json"));
    Files.createSymbolicLink(manifest, moved);

    UserInputException linked =
        assertThrows(UserInputException.class, () -> push(layout, digest, ref));

    assertTrue(linked.getMessage().contains(digest.toString()), linked.getMessage());
    assertEquals(0, count(registry.server().accessLogSince(mark), "/manifests/"));
  }

  @Test
  void pull_warmCache_downloadsNoBlob_andOfflineWorks() throws Exception {
    TestImages.Layer base = TestImages.layer("etc/os-release", "ID=test");
    BuiltImage image = TestImages.image(Platform.LINUX_AMD64, Map.of(), base);
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    String ref = registry.address() + "/base/warm:1";
    push(layout, digest, ref);
    Path cache = dir.resolve("cache");
    int mark = registry.server().accessLog().size();

    SourceImage first = pull(cache, ref, false);
    List<String> firstLog = registry.server().accessLogSince(mark);
    int mark2 = registry.server().accessLog().size();
    SourceImage second = pull(cache, ref, false);
    List<String> secondLog = registry.server().accessLogSince(mark2);
    SourceImage offline = pull(cache, ref, true);

    assertEquals(digest, first.manifestDescriptor().digest());
    // The base layer keeps the registry's descriptor: same digest, never recompressed.
    assertEquals(image.layers().get(0).descriptor(), first.layers().get(0).descriptor());
    assertEquals(2, count(firstLog, "\"GET /v2/base/warm/blobs/"), String.join("\n", firstLog));
    assertEquals(0, count(secondLog, "/blobs/"), String.join("\n", secondLog));
    assertEquals(digest, second.manifestDescriptor().digest());
    assertEquals(digest, offline.manifestDescriptor().digest());
    assertTrue(
        Files.isRegularFile(
            cache.resolve("blobs/sha256/" + base.blob().descriptor().digest().encoded())));
    try (var in = offline.layers().get(0).openUncompressed()) {
      in.drainAndVerify();
    }
  }

  @Test
  void pull_offlineColdCache_namesTheImage() {
    String ref = registry.address() + "/base/never:1";
    UserInputException e =
        assertThrows(UserInputException.class, () -> pull(dir.resolve("cache"), ref, true));
    assertTrue(e.getMessage().contains(ref), e.getMessage());
    assertTrue(e.getMessage().contains("offline"), e.getMessage());
  }

  // N7: a 404 for a tag says the image does not exist.
  @Test
  void pull_unknownTag_says404WithHint() {
    String ref = registry.address() + "/base/missing:1";
    UserInputException e =
        assertThrows(UserInputException.class, () -> pull(dir.resolve("cache"), ref, false));
    assertTrue(e.getMessage().contains("registry " + registry.address()), e.getMessage());
    assertTrue(e.getMessage().contains("repository base/missing"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void push_baseOnSameRegistry_mountsLayersInsteadOfUploading() throws Exception {
    TestImages.Layer baseLayer = TestImages.layer("base.txt", "from the base");
    BuiltImage base = TestImages.image(Platform.LINUX_AMD64, Map.of(), baseLayer);
    Digest baseDigest = TestImages.layout(dir.resolve("base"), base, "1");
    String baseRef = registry.address() + "/base/mountable:1";
    push(dir.resolve("base"), baseDigest, baseRef);
    BuiltImage app = TestImages.appOn(baseRef, baseLayer);
    Digest appDigest = TestImages.layout(dir.resolve("app"), app, "1");
    int mark = registry.server().accessLog().size();

    PushResult result = push(dir.resolve("app"), appDigest, registry.address() + "/team/app:1");

    List<String> log = registry.server().accessLogSince(mark);
    String text = String.join("\n", log);
    assertEquals(1, result.mounted(), text);
    assertEquals(2, result.uploaded(), text); // our layer and the config
    assertEquals(
        1,
        count(
            log,
            "POST /v2/team/app/blobs/uploads/?mount="
                + baseLayer.blob().descriptor().digest()
                + "&from=base%2Fmountable"),
        text);
    assertEquals(0, count(log, "GET /v2/base/mountable/blobs/"), text);
    assertTrue(text.contains("\" 201 "), text);
  }

  @Test
  void pull_index_picksPlatformWithVariant_orListsWhatItOffers() throws Exception {
    BuiltImage amd =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("arch", "amd64"));
    BuiltImage arm =
        TestImages.image(
            new Platform("linux", "arm64", "v8"), Map.of(), TestImages.layer("arch", "arm64"));
    // A two-platform layout made with our writer twice, then an index over both, pushed by skopeo.
    Path layout = dir.resolve("multi");
    Digest amdDigest = TestImages.layout(dir.resolve("amd"), amd, "a");
    Digest armDigest = TestImages.layout(dir.resolve("arm"), arm, "a");
    TestImages.multiPlatform(layout, "multi", dir.resolve("amd"), dir.resolve("arm"));
    String ref = registry.address() + "/base/multi:1";
    RegistryServer.exec(
        dir,
        "skopeo",
        "copy",
        "--all",
        "--dest-tls-verify=false",
        "oci:" + layout + ":multi",
        "docker://" + ref);

    SourceImage picked = pullFor(dir.resolve("cache"), ref, Platform.parse("linux/arm64/v8", "t"));
    SourceImage amdPicked = pullFor(dir.resolve("cache"), ref, Platform.LINUX_AMD64);
    UserInputException missing =
        assertThrows(
            UserInputException.class,
            () -> pullFor(dir.resolve("cache"), ref, Platform.parse("linux/s390x", "t")));

    assertEquals(armDigest, picked.manifestDescriptor().digest());
    assertEquals(amdDigest, amdPicked.manifestDescriptor().digest());
    assertTrue(missing.getMessage().contains("linux/amd64"), missing.getMessage());
    assertTrue(missing.getMessage().contains("linux/arm64/v8"), missing.getMessage());
    assertFalse(missing.getMessage().contains("s390x, "), missing.getMessage());
  }

  private SourceImage pull(Path cache, String ref, boolean offline) throws Exception {
    return TestClients.pull(TestClients.anonymous(3, offline), new LogLines(), cache, ref);
  }

  private SourceImage pullFor(Path cache, String ref, Platform platform) throws Exception {
    return TestClients.pull(TestClients.anonymous(3, false), new LogLines(), cache, ref, platform);
  }
}
