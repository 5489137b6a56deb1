package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.Digest;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.testkit.LogLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
  private static final Instant CLAMP = Instant.parse("2020-01-02T03:04:05Z");

  @TempDir Path temp;

  private final LogLines log = new LogLines();

  private Sandbox sandbox() throws IOException {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    Path bin = Files.createDirectories(root.resolve("install/bin"));
    Files.writeString(bin.resolve("hello"), "hello, world\n".repeat(1000));
    Files.writeString(bin.resolve("config"), "colour=blue\n");
    Files.createLink(bin.resolve("hello2"), bin.resolve("hello"));
    Files.createSymbolicLink(bin.resolve("hi"), Path.of("hello"));
    return sandbox;
  }

  private LayerCache cache(Path memo) {
    // A zero racy margin lets a test remember files it has just written, instead of sleeping.
    return LayerCache.open(temp.resolve("cache/layers"), FileHashes.load(memo, 0), log);
  }

  private WrittenLayer write(LayerWriter writer, Sandbox sandbox, String build) throws IOException {
    return writer.write(sandbox, "/install", temp.resolve(build).resolve("blobs"));
  }

  @Test
  void unchangedTree_isReusedNotCompressed_withIdenticalBytes() throws Exception {
    Sandbox sandbox = sandbox();
    LayerWriter first = newWriter();
    WrittenLayer cold = write(first, sandbox, "one");
    assertEquals(1, first.compressedCount());

    LayerWriter second = newWriter();
    WrittenLayer warm = write(second, sandbox, "two");
    assertEquals(0, second.compressedCount());
    assertEquals(1, second.reusedCount());
    assertEquals(cold.digest(), warm.digest());
    assertEquals(cold.diffId(), warm.diffId());
    assertEquals(cold.compressedSize(), warm.compressedSize());
    assertEquals(cold.entries(), warm.entries());
    assertArrayEquals(Files.readAllBytes(cold.blob()), Files.readAllBytes(warm.blob()));
    assertEquals(temp.resolve("two/blobs").resolve(cold.digest().encoded()), warm.blob());
  }

  @Test
  void changedContentWithPreservedMtimeAndSize_givesNewLayer() throws Exception {
    Sandbox sandbox = sandbox();
    Path memo = temp.resolve("work/file-hashes");
    Path config = sandbox.root().resolve("install/bin/config");
    FileTime mtime = Files.getLastModifiedTime(config);
    FileHashes hashes = FileHashes.load(memo, 0);
    LayerCache cache = LayerCache.open(temp.resolve("cache/layers"), hashes, log);
    WrittenLayer before =
        write(new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache), sandbox, "one");
    hashes.save();
    assertTrue(FileHashes.load(memo, 0).size() >= 2, "the memo remembers the hashed files");

    dev.imagesmith.io.FileChanges.rewriteKeepingMtime(
        config, "colour=red!\n"); // same size, other bytes
    assertEquals(mtime, Files.getLastModifiedTime(config));
    LayerWriter writer = new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache(memo));
    WrittenLayer after = write(writer, sandbox, "two");

    assertEquals(1, writer.compressedCount(), "the changed file forces a new layer");
    assertNotEquals(before.digest(), after.digest());
    assertTrue(
        Tools.run("tar", "-xzOf", after.blob().toString(), "install/bin/config").contains("red"));
  }

  @Test
  void memo_reusesHashesOfUnchangedFiles_acrossBuilds() throws Exception {
    Sandbox sandbox = sandbox();
    Path memo = temp.resolve("work/file-hashes");
    FileHashes hashes = FileHashes.load(memo, 0);
    LayerCache cache = LayerCache.open(temp.resolve("cache/layers"), hashes, log);
    WrittenLayer first =
        write(new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache), sandbox, "one");
    hashes.save();
    LayerWriter again = new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache(memo));
    assertEquals(first.digest(), write(again, sandbox, "two").digest());
    assertEquals(1, again.reusedCount());
  }

  @Test
  void damagedCachedBlob_isDetectedDiscardedAndRebuilt() throws Exception {
    Sandbox sandbox = sandbox();
    WrittenLayer good = write(newWriter(), sandbox, "one");
    Path cached = temp.resolve("cache/layers/blobs").resolve(good.digest().encoded());
    byte[] bytes = Files.readAllBytes(cached);
    bytes[bytes.length / 2] ^= 0x55; // same size, one bit pattern off: only a hash can tell
    Files.delete(cached); // the build's blob is a hard link to the same inode: break the link
    Files.write(cached, bytes);

    LayerWriter writer = newWriter();
    WrittenLayer again = write(writer, sandbox, "two");
    assertEquals(1, writer.compressedCount());
    assertEquals(good.digest(), again.digest());
    assertEquals(good.digest(), Tools.sha256(again.blob()));
    assertEquals(good.digest(), Tools.sha256(cached), "the cache entry was repaired");
  }

  @Test
  void killedBuild_missingBlobPartialFilesAndTruncatedKey_areMisses() throws Exception {
    Sandbox sandbox = sandbox();
    WrittenLayer good = write(newWriter(), sandbox, "one");
    Path layers = temp.resolve("cache/layers");
    Path cachedBlob = layers.resolve("blobs").resolve(good.digest().encoded());
    Path key;
    try (Stream<Path> keys = Files.list(layers.resolve("keys"))) {
      key = keys.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }

    // A key whose blob is gone, next to a partial blob of a killed writer.
    Files.delete(cachedBlob);
    Files.writeString(layers.resolve("blobs/.blob-123.partial"), "half a blob");
    LayerWriter second = newWriter();
    assertEquals(good.digest(), write(second, sandbox, "two").digest());
    assertEquals(1, second.compressedCount());
    assertTrue(Files.exists(cachedBlob), "the blob was stored again");

    // A key file cut short.
    Files.writeString(key, "{\"digest\": \"sha256:");
    LayerWriter third = newWriter();
    assertEquals(good.digest(), write(third, sandbox, "three").digest());
    assertEquals(1, third.compressedCount());
    LayerWriter fourth = newWriter();
    write(fourth, sandbox, "four");
    assertEquals(1, fourth.reusedCount(), "the key was rewritten whole");
  }

  private LayerWriter newWriter() {
    return new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache(null));
  }

  @Test
  void compressionAndLowerFacts_arePartOfTheKey() throws Exception {
    Sandbox sandbox = sandbox();
    WrittenLayer gzip = write(newWriter(), sandbox, "one");
    LayerWriter zstd = new LayerWriter(Compression.ZSTD, CLAMP, LowerIndex.empty(), cache(null));
    WrittenLayer zstdLayer = write(zstd, sandbox, "two");
    assertEquals(1, zstd.compressedCount());
    assertNotEquals(gzip.digest(), zstdLayer.digest());
    assertEquals(gzip.diffId(), zstdLayer.diffId());

    // The base holds /install as 0700 owned by 5:5: the writer keeps those, so the key differs.
    LowerIndex lower = LowerIndex.empty();
    lower.add(
        new WrittenLayer(
            Digest.ofBytes(new byte[0]),
            Digest.ofBytes(new byte[0]),
            0,
            0,
            "x",
            temp.resolve("none"),
            List.of(
                new dev.imagesmith.fs.ArchiveItem(
                    "/install",
                    dev.imagesmith.fs.FileType.DIRECTORY,
                    0700,
                    5,
                    5,
                    0,
                    0,
                    null,
                    null,
                    0,
                    0,
                    java.util.Map.of(),
                    null))));
    LayerWriter onBase = new LayerWriter(Compression.GZIP, CLAMP, lower, cache(null));
    WrittenLayer onBaseLayer = write(onBase, sandbox, "three");
    assertEquals(1, onBase.compressedCount());
    assertNotEquals(gzip.diffId(), onBaseLayer.diffId());
  }

  @Test
  void speculativeWrite_stopsWhenTheKeyTurnsOutCached_andLeavesNoPartialFiles() throws Exception {
    Sandbox sandbox = sandbox();
    Files.writeString(sandbox.root().resolve("install/big"), "x".repeat(3_000_000));
    WrittenLayer stored = write(newWriter(), sandbox, "one");
    // No wait for the key: compression starts at once, beside the hashing, and is abandoned when
    // the key is found in the cache.
    LayerWriter eager =
        new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache(null), 0);
    WrittenLayer reused = write(eager, sandbox, "two");
    assertEquals(stored.digest(), reused.digest());
    assertEquals(stored.entries(), reused.entries());
    assertEquals(1, eager.reusedCount() + eager.compressedCount());
    try (Stream<Path> left = Files.list(temp.resolve("two/blobs"))) {
      assertEquals(List.of(reused.blob()), left.toList(), "no partial blob left behind");
    }

    // A miss goes on compressing and stores under the key computed meanwhile.
    Files.writeString(sandbox.root().resolve("install/new"), "new file");
    LayerWriter missing =
        new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty(), cache(null), 0);
    WrittenLayer fresh = write(missing, sandbox, "three");
    assertEquals(1, missing.compressedCount());
    LayerWriter again = newWriter();
    assertEquals(fresh.digest(), write(again, sandbox, "four").digest());
    assertEquals(1, again.reusedCount());
  }

  @Test
  void concurrentBuilds_sharingOneCache_allGetTheSameLayer() throws Exception {
    Sandbox sandbox = sandbox();
    List<Thread> threads = new java.util.ArrayList<>();
    List<Digest> digests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 4; i++) {
      String build = "build" + i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int round = 0; round < 3; round++) {
                    digests.add(write(newWriter(), sandbox, build + "-" + round).digest());
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(12, digests.size());
    assertEquals(1, digests.stream().distinct().count());
    try (InputStream in =
        Files.newInputStream(temp.resolve("build0-2/blobs").resolve(digests.get(0).encoded()))) {
      assertEquals(digests.get(0), Digest.of(Digest.newSha256().digest(in.readAllBytes())));
    }
    assertTrue(
        new String(
                Files.readAllBytes(
                    temp.resolve("cache/layers/keys").toFile().listFiles()[0].toPath()),
                StandardCharsets.UTF_8)
            .contains(digests.get(0).toString()));
  }

  @Test
  void hmacSha256_isRfc2104() throws Exception {
    // RFC 4231 test case 2, and a 32-byte key (the seal key's length) against javax.crypto.
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        java.util.HexFormat.of()
            .formatHex(
                LayerCache.hmacSha256(
                    "Jefe".getBytes(StandardCharsets.US_ASCII),
                    "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    byte[] key =
        Digest.ofBytes("k".getBytes(StandardCharsets.UTF_8))
            .toString()
            .substring(7, 39)
            .getBytes(StandardCharsets.US_ASCII);
    byte[] message = "sealed\nfields".getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    assertArrayEquals(mac.doFinal(message), LayerCache.hmacSha256(key, message));
  }
}
