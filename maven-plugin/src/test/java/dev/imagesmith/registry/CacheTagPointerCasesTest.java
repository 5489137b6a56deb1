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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases K for the registry cache: {@code registry-tags/<hash>} says which digest a tag
 * resolved to, a pointer nothing can verify offline. A real docker-registry on loopback serves the
 * real image; the cache is given a planted tag file naming another, complete and self-consistent
 * image (its manifest, config and layer verified blobs of the cache).
 */
class CacheTagPointerCasesTest {
  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;
  private Path cache;
  private String reference;
  private Digest real;
  private Digest planted;
  private Path tagFile;

  /** The real base, and the planted one, both pulled once so that the cache holds both. */
  @BeforeEach
  void realAndPlantedImagesInTheCache() throws Exception {
    cache = dir.resolve("cache");
    String repository = registry.address() + "/base/k" + System.nanoTime();
    reference = repository + ":1";
    real = push(image("the real base"), reference);
    planted = push(image("planted"), repository + "-evil:1");
    pull(repository + "-evil:1", false, new LogLines());
    Files.delete(onlyTagFile()); // the planted image's own tag file: only its blobs stay
    assertEquals(real, pull(reference, false, new LogLines()).manifestDescriptor().digest());
    tagFile = onlyTagFile();
  }

  private static BuiltImage image(String content) throws Exception {
    return TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("etc/base", content));
  }

  private Digest push(BuiltImage image, String ref) throws Exception {
    Path layout = dir.resolve("layout-" + System.nanoTime());
    Digest digest = TestImages.layout(layout, image, "1");
    TestClients.push(TestClients.anonymous(3, false), new LogLines(), layout, digest, ref);
    return digest;
  }

  private SourceImage pull(String ref, boolean offline, LogLines log) throws Exception {
    return TestClients.pull(TestClients.anonymous(3, offline), log, cache, ref);
  }

  private Path onlyTagFile() throws Exception {
    try (Stream<Path> files = Files.list(cache.resolve("registry-tags"))) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  /** What an attacker with write access to the cache writes: a well-formed tag record. */
  private void plant(String recordedReference, Digest digest, Instant resolved) throws Exception {
    Files.writeString(
        tagFile,
        "{\"reference\":\""
            + recordedReference
            + "\",\"digest\":\""
            + digest
            + "\",\"resolved\":\""
            + resolved
            + "\"}");
  }

  /** What the log says when an offline pull uses the planted pointer, resolved at {@code when}. */
  private String offlineUseOfPlanted(Instant when) {
    return "INFO Base "
        + reference
        + ": Maven is offline (-o), so the tag was not asked of the registry; using "
        + planted
        + ", which it resolved to 3 days ago ("
        + when
        + "), as recorded in "
        + tagFile;
  }

  @Test
  void K3_plantedTagPointer_online_reResolvedAtTheRegistryAndRewritten() throws Exception {
    plant(reference, planted, Instant.now());
    int mark = registry.server().accessLog().size();

    SourceImage pulled = pull(reference, false, new LogLines());

    assertEquals(real, pulled.manifestDescriptor().digest());
    String log = String.join("\n", registry.server().accessLogSince(mark));
    String repository = reference.substring(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
    assertTrue(log.contains("\"HEAD /v2/" + repository + "/manifests/1 "), log);
    assertTrue(
        Files.readString(tagFile, StandardCharsets.UTF_8).contains(real.toString()),
        "the tag file was rewritten with what the registry said");
  }

  @Test
  void K4_plantedTagPointer_offline_usedAndTheLogSaysWhereFromAndHowOld() throws Exception {
    Instant resolved = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    plant(reference, planted, resolved);
    LogLines log = new LogLines();

    SourceImage pulled = pull(reference, true, log);

    // Offline nothing can tell a planted pointer from an old one: it is used, and said so.
    assertEquals(planted, pulled.manifestDescriptor().digest());
    assertTrue(log.lines().contains(offlineUseOfPlanted(resolved)), log.text());
  }

  @Test
  void K4_plantedTagPointerInTheEarlierFormat_offline_usedAndSaidSoWithTheFileAge()
      throws Exception {
    // Earlier versions wrote the digest alone; such a file is still used offline, its age taken
    // from the file, and said so like any other.
    Instant resolved = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    Files.writeString(tagFile, planted + "\n");
    Files.setLastModifiedTime(tagFile, FileTime.from(resolved));
    LogLines log = new LogLines();

    SourceImage pulled = pull(reference, true, log);

    assertEquals(planted, pulled.manifestDescriptor().digest());
    assertTrue(log.lines().contains(offlineUseOfPlanted(resolved)), log.text());
  }

  @Test
  void K5_tagFileOfAnotherReference_offline_droppedWithWarning() throws Exception {
    // The tag file of the planted image's tag, copied over this reference's tag file.
    String other = reference.replace(":1", "-evil:1");
    plant(other, planted, Instant.now());
    LogLines log = new LogLines();

    UserInputException e = assertThrows(UserInputException.class, () -> pull(reference, true, log));

    assertTrue(e.getMessage().contains("is not in the cache and Maven is offline"), e.getMessage());
    assertTrue(
        log.lines()
            .contains(
                "WARN Registry cache: ignoring tag file "
                    + tagFile
                    + " for "
                    + reference
                    + ": it was recorded for '"
                    + other
                    + "', not for this reference (copied or planted); it is deleted, build once"
                    + " online to record the tag again"),
        log.text());
    assertFalse(Files.exists(tagFile), "the tag file was dropped");
  }
}
