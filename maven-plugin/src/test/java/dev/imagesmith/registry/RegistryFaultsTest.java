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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry faults (security-cases.md N8-N10, R13) injected by {@link FaultProxy} before a real
 * registry.
 */
class RegistryFaultsTest {
  @TempDir static Path shared;
  static RegistryServer server;

  @TempDir Path dir;
  FaultProxy proxy;
  Images.Layer layer;
  String ref;

  @BeforeAll
  static void startRegistry() throws Exception {
    server = RegistryServer.start(shared.resolve("registry"), RegistryServer.Mode.PLAIN);
  }

  @AfterAll
  static void stopRegistry() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void pushBaseThroughNoFaults() throws Exception {
    proxy = new FaultProxy(server.address());
    layer = Images.layer("data.bin", "x".repeat(100_000) + System.nanoTime());
    BuiltImage image = Images.image(Platform.LINUX_AMD64, Map.of(), layer);
    Digest digest = Images.layout(dir.resolve("oci"), image, "1");
    ref = proxy.address() + "/faults/base:" + System.nanoTime();
    new RegistryPusher(new Registries(options(4), new Lines()), new Lines())
        .push(dir.resolve("oci"), digest, List.of(ref));
  }

  @org.junit.jupiter.api.AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static RegistryOptions options(int attempts) {
    return new RegistryOptions(
        List.of(),
        Set.of(),
        null,
        new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofSeconds(2)),
        false);
  }

  private SourceImage pull(Lines log, int attempts) throws Exception {
    return new RegistryPuller(
            new Registries(options(attempts), log), new BlobCache(dir.resolve("cache")), log)
        .pull(ref, Platform.LINUX_AMD64, "<from>");
  }

  private String layerPath() {
    return "/blobs/" + layer.blob().descriptor().digest();
  }

  @Test
  void N8_500Then429WithRetryAfter_retriedAndPulled() throws Exception {
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.STATUS_500);
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TOO_MANY_REQUESTS);
    Lines log = new Lines();

    SourceImage image = pull(log, 4);

    assertEquals(layer.blob().descriptor(), image.layers().get(0).descriptor());
    assertTrue(log.text().contains("HTTP 500"), log.text());
    // Retry-After: 1 is honoured over our 10 ms backoff.
    assertTrue(log.text().contains("(HTTP 429); retrying in 1000 ms"), log.text());
  }

  @Test
  void N9_truncatedBlob_retriedFromStart_cachedOnlyWhole() throws Exception {
    proxy.once("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TRUNCATE);
    Lines log = new Lines();

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

    UserInputException e = assertThrows(UserInputException.class, () -> pull(new Lines(), 3));

    assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
    assertTrue(e.getMessage().contains("registry " + proxy.address()), e.getMessage());
    Path cached = dir.resolve("cache/blobs/sha256/" + layer.blob().descriptor().digest().encoded());
    assertFalse(Files.exists(cached));
    try (var files = Files.list(dir.resolve("cache/blobs/sha256"))) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void D7_blobTrickles_stoppedByIdleTimeoutEachAttempt_nothingCached() throws Exception {
    proxy.always("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.TRICKLE);
    Lines log = new Lines();
    RegistryOptions options =
        options(2)
            .withTransfers(
                new TransferLimits(Duration.ofSeconds(1), Duration.ofMinutes(1), Long.MAX_VALUE));

    ImagesmithException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () ->
                assertThrows(
                    ImagesmithException.class,
                    () ->
                        new RegistryPuller(
                                new Registries(options, log),
                                new BlobCache(dir.resolve("cache")),
                                log)
                            .pull(ref, Platform.LINUX_AMD64, "<from>")));

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
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void N8_persistent503_finalErrorNamesRegistryRepositoryOperationStatus() {
    proxy.always("GET /v2/faults/base" + layerPath(), FaultProxy.Fault.STATUS_503);

    ImagesmithException e = assertThrows(ImagesmithException.class, () -> pull(new Lines(), 3));

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
        Images.image(
            Platform.LINUX_AMD64, Map.of(), Images.layer("new.txt", "fresh " + System.nanoTime()));
    Digest digest = Images.layout(dir.resolve("oci2"), image, "1");
    proxy.once("PUT /v2/faults/app/blobs/uploads/", FaultProxy.Fault.STATUS_500);
    Lines log = new Lines();

    PushResult result =
        new RegistryPusher(new Registries(options(3), log), log)
            .push(dir.resolve("oci2"), digest, List.of(proxy.address() + "/faults/app:1"));

    assertEquals(digest, result.digest());
    assertTrue(log.text().contains("push blob"), log.text());
    assertEquals(
        3,
        proxy.requests.stream()
            .filter(r -> r.startsWith("POST /v2/faults/app/blobs/uploads/"))
            .count(),
        proxy.requests.toString());
  }
}
