package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry faults (security-cases.md N8-N10, R13) injected by {@link FaultProxy} before a real
 * registry.
 */
class RegistryFaultsTest {
  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;
  FaultProxy proxy;
  TestImages.Layer layer;
  String ref;

  @BeforeEach
  void pushBaseThroughNoFaults() throws Exception {
    proxy = new FaultProxy(registry.address());
    layer = TestImages.layer("data.bin", "x".repeat(100_000) + System.nanoTime());
    BuiltImage image = TestImages.image(Platform.LINUX_AMD64, Map.of(), layer);
    Digest digest = TestImages.layout(dir.resolve("oci"), image, "1");
    ref = proxy.address() + "/faults/base:" + System.nanoTime();
    TestClients.push(
        TestClients.anonymous(4, false), new LogLines(), dir.resolve("oci"), digest, ref);
  }

  @org.junit.jupiter.api.AfterEach
  void stopProxy() {
    proxy.close();
  }

  private SourceImage pull(LogLines log, int attempts) throws Exception {
    return pull(TestClients.anonymous(attempts, false), log);
  }

  private SourceImage pull(RegistryOptions options, LogLines log) throws Exception {
    return TestClients.pull(options, log, dir.resolve("cache"), ref);
  }

  private String layerPath() {
    return "/blobs/" + layer.blob().descriptor().digest();
  }

  @Test
  void N8_500Then429WithRetryAfter_retriedAndPulled() throws Exception {
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.STATUS_500);
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TOO_MANY_REQUESTS);
    LogLines log = new LogLines();

    SourceImage image = pull(log, 4);

    assertEquals(layer.blob().descriptor(), image.layers().get(0).descriptor());
    assertTrue(log.text().contains("HTTP 500"), log.text());
    // Retry-After: 1 is honoured over our 10 ms backoff.
    assertTrue(log.text().contains("(HTTP 429); retrying in 1000 ms"), log.text());
  }

  @Test
  void N9_truncatedBlob_retriedFromStart_cachedOnlyWhole() throws Exception {
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TRUNCATE);
    LogLines log = new LogLines();

    SourceImage image = pull(log, 3);

    assertTrue(log.text().contains("attempt 1 failed"), log.text());
    try (var in = image.layers().get(0).openRaw()) {
      in.drainAndVerify();
    }
    assertEquals(
        2,
        proxy.requests.stream()
            .filter(r -> r.startsWith("GET /v2/faults/base" + layerPath()))
            .count(),
        proxy.requests.toString());
  }

  @Test
  void N10_wrongBytes_rejectedNeverCached() throws Exception {
    proxy.always("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.CORRUPT);

    UserInputException e = assertThrows(UserInputException.class, () -> pull(new LogLines(), 3));

    assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
    assertTrue(e.getMessage().contains("registry " + proxy.address()), e.getMessage());
    Path cached = dir.resolve("cache/blobs/sha256/" + layer.blob().descriptor().digest().encoded());
    assertFalse(Files.exists(cached));
    try (var files = Files.list(dir.resolve("cache/blobs/sha256"))) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary");
    }
  }

  @Test
  void D7_blobTrickles_stoppedByIdleTimeoutEachAttempt_nothingCached() throws Exception {
    proxy.always("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TRICKLE);
    LogLines log = new LogLines();
    RegistryOptions options =
        TestClients.anonymous(2, false)
            .withTransfers(
                new TransferLimits(Duration.ofSeconds(1), Duration.ofMinutes(1), Long.MAX_VALUE));

    ImagesmithException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () -> assertThrows(ImagesmithException.class, () -> pull(options, log)));

    String message = e.getMessage();
    assertTrue(
        message.startsWith(
            "registry "
                + proxy.address()
                + ", repository faults/base: pull blob "
                + layer.blob().descriptor().digest()
                + " failed after 2 attempts: GET http://"
                + proxy.address()
                + "/v2/faults/base"
                + layerPath()
                + ": no data for 1 s after 1 bytes; the server stalled"),
        message);
    assertTrue(log.text().contains("attempt 1 failed"), log.text());
    Path cached = dir.resolve("cache/blobs/sha256/" + layer.blob().descriptor().digest().encoded());
    assertFalse(Files.exists(cached));
    try (var files = Files.list(dir.resolve("cache/blobs/sha256"))) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary");
    }
  }

  @Test
  void N8_persistent503_finalErrorNamesRegistryRepositoryOperationStatus() {
    proxy.always("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.STATUS_503);

    ImagesmithException e = assertThrows(ImagesmithException.class, () -> pull(new LogLines(), 3));

    String message = e.getMessage();
    assertTrue(message.contains("registry " + proxy.address()), message);
    assertTrue(message.contains("repository faults/base"), message);
    assertTrue(message.contains("pull blob " + layer.blob().descriptor().digest()), message);
    assertTrue(message.contains("HTTP 503"), message);
    assertTrue(message.contains("3 attempts"), message);
  }

  @Test
  void N9_uploadFailsOnce_pushRestartsSessionAndDigestMatches() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64,
            Map.of(),
            TestImages.layer("new.txt", "fresh " + System.nanoTime()));
    Digest digest = TestImages.layout(dir.resolve("oci2"), image, "1");
    proxy.once("PUT /v2/faults/app/blobs/uploads/", FaultProxy.Fault.STATUS_500);
    LogLines log = new LogLines();

    PushResult result =
        TestClients.push(
            TestClients.anonymous(3, false),
            log,
            dir.resolve("oci2"),
            digest,
            proxy.address() + "/faults/app:1");

    assertEquals(digest, result.digest());
    assertTrue(log.text().contains("push blob"), log.text());
    assertEquals(
        3,
        proxy.requests.stream()
            .filter(r -> r.startsWith("POST /v2/faults/app/blobs/uploads/"))
            .count(),
        proxy.requests.toString());
  }

  @Test
  void manifestBlobUnknownForAMoment_askedAgain_pushedWithoutWarning() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64,
            Map.of(),
            TestImages.layer("raced.txt", "r " + System.nanoTime()));
    Digest digest = TestImages.layout(dir.resolve("oci3"), image, "1");
    proxy.once("PUT /v2/faults/raced/manifests/1", FaultProxy.Fault.BLOB_NOT_YET_LINKED);
    proxy.once("PUT /v2/faults/raced/manifests/1", FaultProxy.Fault.BLOB_NOT_YET_LINKED);
    LogLines log = new LogLines();

    PushResult result =
        TestClients.push(
            TestClients.anonymous(1, false),
            log,
            dir.resolve("oci3"),
            digest,
            proxy.address() + "/faults/raced:1");

    assertEquals(digest, result.digest());
    assertEquals(List.of(), log.warnings());
    assertEquals(
        3,
        proxy.requests.stream()
            .filter(r -> r.startsWith("PUT /v2/faults/raced/manifests/1"))
            .count(),
        proxy.requests.toString());
  }

  @Test
  void manifestBlobUnknownForGood_failsNamingTheRegistryError() throws Exception {
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("gone.txt", "g " + System.nanoTime()));
    Digest digest = TestImages.layout(dir.resolve("oci4"), image, "1");
    proxy.always("PUT /v2/faults/gone/manifests/1", FaultProxy.Fault.BLOB_NOT_YET_LINKED);

    ImagesmithException e =
        assertThrows(
            ImagesmithException.class,
            () ->
                TestClients.push(
                    TestClients.anonymous(1, false),
                    new LogLines(),
                    dir.resolve("oci4"),
                    digest,
                    proxy.address() + "/faults/gone:1"));

    assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    assertTrue(e.getMessage().contains("MANIFEST_BLOB_UNKNOWN"), e.getMessage());
    assertEquals(
        4,
        proxy.requests.stream()
            .filter(r -> r.startsWith("PUT /v2/faults/gone/manifests/1"))
            .count(),
        proxy.requests.toString());
  }
}
