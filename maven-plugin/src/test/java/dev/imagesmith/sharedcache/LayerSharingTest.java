package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.layer.SharedLayers;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer entry read back from a real registry: a blob whose digest and seal are right but whose
 * bytes are no layer (they do not decompress, or are compressed otherwise than the media type says)
 * is refused with a warning, never a failed build nor an image whose layer lies about itself. The
 * key and seal key are the test's own: the seal only has to be made with the one the reader gets,
 * as a pusher who has the inputs would.
 */
class LayerSharingTest {
  private static final String KEY = "ab".repeat(32);
  private static final byte[] SEAL_KEY = "seal key of the test".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private RegistryServer server;

  @BeforeEach
  void start() throws Exception {
    server = RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LayerSharing sharing(boolean push, LogLines log) throws Exception {
    return sharing(push, log, null);
  }

  private LayerSharing sharing(boolean push, LogLines log, Duration maxAge) throws Exception {
    SharedCacheSpec shared = FleetProject.shared(server.address(), Fleet.REPO, push);
    SharedCacheSpec spec =
        new SharedCacheSpec(
            shared.registry(),
            shared.repository(),
            push,
            false,
            null,
            null,
            shared.maxEntryBytes(),
            maxAge,
            shared.timeout(),
            null);
    Registries registries =
        new Registries(SharedCache.forCache(FleetProject.access(server.address()), spec), log);
    Path scratch = Files.createDirectories(dir.resolve(push ? "pusher" : "reader"));
    return new LayerSharing(
        new CacheRepository(spec, registries.client(server.address()), log), null, scratch, log);
  }

  /** Pushes {@code blob} as the entry of {@link #KEY}, sealed, saying {@code tar} is inside. */
  private void pushEntry(byte[] blob, String mediaType, byte[] tar) throws Exception {
    LogLines log = new LogLines();
    sharing(true, log).offer(KEY, SEAL_KEY, written(blob, mediaType, tar));
    assertEquals(1, log.lines().stream().filter(l -> l.contains("pushed")).count(), log.text());
  }

  private WrittenLayer written(byte[] blob, String mediaType, byte[] tar) throws Exception {
    Path file = Files.write(dir.resolve("pushed-blob"), blob);
    return new WrittenLayer(
        Digest.ofBytes(blob),
        Digest.ofBytes(tar),
        blob.length,
        tar.length,
        mediaType,
        file,
        List.of());
  }

  private Optional<SharedLayers.Fetched> fetch(LogLines log) throws Exception {
    return sharing(false, log).fetch(KEY, SEAL_KEY, dir.resolve("blobs"));
  }

  @Test
  void fetch_aGoodLayer_placedUnderItsDigest() throws Exception {
    byte[] tar = TestTar.tar().file("app/hello.txt", "hello").bytes();
    byte[] blob = TestTar.gzip(tar);
    pushEntry(blob, MediaTypes.OCI_LAYER_GZIP, tar);

    LogLines log = new LogLines();
    SharedLayers.Fetched fetched = fetch(log).orElseThrow(() -> new AssertionError(log.text()));
    assertEquals(Digest.ofBytes(blob), fetched.digest());
    assertEquals(Digest.ofBytes(tar), fetched.diffId());
    assertEquals(tar.length, fetched.uncompressedSize());
    assertEquals(dir.resolve("blobs").resolve(Digest.ofBytes(blob).encoded()), fetched.blob());
    assertArrayEquals(blob, Files.readAllBytes(fetched.blob()));
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void fetch_sealedBlobThatDoesNotDecompress_refusedWithAWarning_notABuildFailure()
      throws Exception {
    byte[] tar = TestTar.tar().file("app/hello.txt", "hello ".repeat(4000)).bytes();
    byte[] gzip = TestTar.gzip(tar);
    byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
    pushEntry(truncated, MediaTypes.OCI_LAYER_GZIP, tar);

    LogLines log = new LogLines();
    assertEquals(Optional.empty(), fetch(log));
    assertEquals(1, log.warnings().size(), log.text());
    assertTrue(log.warnings().get(0).contains("does not decompress"), log.text());
    assertTrue(log.warnings().get(0).contains("the layer is compressed"), log.text());
    assertNoBlobLeft();
  }

  @Test
  void fetch_sealedZstdBlobLabelledGzip_refused_theImageWouldLieAboutItsLayer() throws Exception {
    byte[] tar = TestTar.tar().file("app/hello.txt", "hello").bytes();
    ByteArrayOutputStream zstd = new ByteArrayOutputStream();
    try (ZstdCompressorOutputStream out = new ZstdCompressorOutputStream(zstd)) {
      out.write(tar);
    }
    pushEntry(zstd.toByteArray(), MediaTypes.OCI_LAYER_GZIP, tar);

    LogLines log = new LogLines();
    assertEquals(Optional.empty(), fetch(log));
    assertEquals(1, log.warnings().size(), log.text());
    assertTrue(
        log.warnings()
            .get(0)
            .contains("not compressed as its media type " + MediaTypes.OCI_LAYER_GZIP),
        log.text());
    assertNoBlobLeft();
  }

  @Test
  void fetch_anEntryOlderThanTheAgeLimit_notUsed_andAPushingBuildReplacesIt() throws Exception {
    byte[] tar = TestTar.tar().file("app/hello.txt", "hello").bytes();
    byte[] blob = TestTar.gzip(tar);
    pushEntry(blob, MediaTypes.OCI_LAYER_GZIP, tar);
    Thread.sleep(1100); // entries say when they were pushed, to the second

    LogLines log = new LogLines();
    LayerSharing pusher = sharing(true, log, Duration.ofSeconds(1));
    assertEquals(Optional.empty(), pusher.fetch(KEY, SEAL_KEY, dir.resolve("blobs")));
    assertEquals(List.of(), log.warnings(), "an old entry is no damaged one");
    assertTrue(
        log.text().contains("is older than the age limit (1 s): not used, the layer is compressed"),
        log.text());
    assertFalse(Files.exists(dir.resolve("blobs").resolve(Digest.ofBytes(blob).encoded())));

    pusher.offer(KEY, SEAL_KEY, written(blob, MediaTypes.OCI_LAYER_GZIP, tar));
    assertEquals(1, log.lines().stream().filter(l -> l.contains("pushed")).count(), log.text());
    LogLines young = new LogLines();
    assertTrue(
        sharing(false, young, Duration.ofDays(1))
            .fetch(KEY, SEAL_KEY, dir.resolve("blobs"))
            .isPresent(),
        "within the limit, the entry is used: " + young.text());
  }

  private void assertNoBlobLeft() throws Exception {
    try (var files = Files.list(dir.resolve("blobs"))) {
      assertEquals(List.of(), files.toList(), "nothing kept of a refused entry");
    }
  }
}
