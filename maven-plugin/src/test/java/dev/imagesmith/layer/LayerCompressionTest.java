package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.imagesmith.image.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCompressionTest {

  @Test
  void zstd_sameBytesForAnyWorkerCountAndChunking(@TempDir Path dir) throws Exception {
    // 20 MB spans several zstd jobs at level 3, so the workers really split the input.
    byte[] data = mixed(20_000_000);
    byte[] one = compress(Compression.ZSTD, data, 1, 100_000);
    assertArrayEquals(one, compress(Compression.ZSTD, data, 2, 7_777));
    assertArrayEquals(one, compress(Compression.ZSTD, data, 4, data.length));
    assertArrayEquals(one, compress(Compression.ZSTD, data, 2, 100_000), "second run");
    Path blob = Files.write(dir.resolve("blob.zst"), one);
    Path plain = Tools.decompress("zstd", blob, dir.resolve("plain"));
    assertArrayEquals(data, Files.readAllBytes(plain));
  }

  @Test
  void gzip_sameBytesForAnyThreadCount_andGzipReadsIt(@TempDir Path dir) throws Exception {
    byte[] data = mixed(3_000_000);
    byte[] one = compress(Compression.GZIP, data, 1, 65_536);
    assertArrayEquals(one, compress(Compression.GZIP, data, 2, 1_000));
    Path blob = Files.write(dir.resolve("blob.gz"), one);
    Tools.run("gzip", "-t", blob.toString());
    assertArrayEquals(
        data, Files.readAllBytes(Tools.decompress("gzip", blob, dir.resolve("plain"))));
  }

  private static byte[] compress(Compression compression, byte[] data, int threads, int chunk)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressor = LayerCompression.compressor(compression, out, threads)) {
      for (int i = 0; i < data.length; i += chunk) {
        compressor.write(data, i, Math.min(chunk, data.length - i));
        compressor.flush(); // ignored: flushes must not change the bytes
      }
    }
    return out.toByteArray();
  }

  /** Mostly compressible with random bytes sprinkled in. */
  private static byte[] mixed(int size) {
    Random random = new Random(5);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 'a' + random.nextInt(4));
    }
    return data;
  }
}
