package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls and pushes say how far they are, the Maven way (issue 17): a slow blob download (four
 * pieces 300 ms apart, from {@link FaultProxy}) prints plain lines with bytes, share and rate while
 * it runs, and every pull and push ends with a line that gives bytes and rate.
 */
class TransferProgressTest {
  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;
  private FaultProxy proxy;
  private TestImages.Layer layer;
  private Digest digest;

  @BeforeEach
  void image() throws Exception {
    proxy = new FaultProxy(registry.address());
    byte[] noise = new byte[300_000];
    new Random(17).nextBytes(noise);
    layer =
        TestImages.layer(
            "noise.bin", new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1));
    BuiltImage image = TestImages.image(Platform.LINUX_AMD64, Map.of(), layer);
    digest = TestImages.layout(dir.resolve("oci"), image, "1");
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private static boolean plain(String line) {
    return line.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  @Test
  void push_thenSlowPull_linesWithBytesAndRate() throws Exception {
    String ref = proxy.address() + "/progress/base:1";
    LogLines pushLog = new LogLines();
    Registries registries = new Registries(TestClients.anonymous(3, false), pushLog);
    new RegistryPusher(registries, pushLog, Duration.ofMillis(100))
        .push(dir.resolve("oci"), digest, List.of(ref), "<to>/<image>");

    assertTrue(
        pushLog.text().contains("INFO Pushing 2 blobs to " + proxy.address() + "/progress/base ("),
        pushLog.text());
    assertTrue(
        pushLog.lines().stream()
            .anyMatch(
                l ->
                    l.matches(
                        "INFO Pushed 2 blobs to "
                            + java.util.regex.Pattern.quote(proxy.address())
                            + "/progress/base \\([0-9.]+ kB at [0-9.]+ (kB|MB|GB)/s\\)")),
        pushLog.text());

    proxy.always(
        "GET /v2/progress/base/blobs/" + layer.blob().descriptor().digest(), FaultProxy.Fault.SLOW);
    LogLines log = new LogLines();
    long started = System.nanoTime();
    new RegistryPuller(
            new Registries(TestClients.anonymous(3, false), log),
            new BlobCache(dir.resolve("cache")),
            log,
            Duration.ofMillis(100))
        .pull(ref, Platform.LINUX_AMD64, "<from>");
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    List<String> ticks =
        log.lines().stream().filter(l -> l.startsWith("INFO   ... Pulling ")).toList();
    // Lines while it runs (the pieces come 300 ms apart, 1.2 s at least), never more than one
    // per 100 ms: bounded by the time the pull took, which a loaded machine stretches.
    assertTrue(
        ticks.size() >= 3 && ticks.size() <= elapsedMillis / 100 + 1,
        ticks.size() + " lines in " + elapsedMillis + " ms: " + log.text());
    for (String tick : ticks) {
      assertTrue(
          tick.matches(
              "INFO   \\.\\.\\. Pulling "
                  + java.util.regex.Pattern.quote(ref)
                  + " layer 1/1 sha256:[0-9a-f]{64}: [0-9.]+ (B|kB) of [0-9.]+ kB \\([0-9]{1,3}%\\),"
                  + " [0-9.]+ (B|kB|MB)/s"),
          tick);
    }
    assertTrue(
        log.lines().stream()
            .anyMatch(
                l ->
                    l.matches(
                        "INFO Pulled "
                            + java.util.regex.Pattern.quote(ref)
                            + " layer 1/1 sha256:[0-9a-f]{64} \\([0-9.]+ kB at [0-9.]+ (kB|MB)/s\\)")),
        log.text());
    assertTrue(log.lines().stream().allMatch(TransferProgressTest::plain));
    assertEquals(List.of(), log.warnings());
  }
}
