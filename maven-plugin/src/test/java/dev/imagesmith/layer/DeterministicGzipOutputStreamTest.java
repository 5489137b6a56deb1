package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicGzipOutputStreamTest {

  @Test
  void O5_headerHasNoTimeNoNameAndFixedOsByte() throws IOException {
    byte[] gz = gzip(new byte[] {1, 2, 3}, 3);
    assertArrayEquals(
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(gz, 10));
  }

  @Test
  void roundTrips_andIgnoresHowTheInputWasChunked() throws IOException {
    byte[] data = new byte[300_000];
    new Random(42).nextBytes(data);
    Arrays.fill(data, 1000, 200_000, (byte) 'x'); // compressible part
    byte[] whole = gzip(data, data.length);
    byte[] pieces = gzip(data, 777);
    assertArrayEquals(whole, pieces);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(whole))) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void emptyInput_isAValidGzipMember() throws IOException {
    byte[] gz = gzip(new byte[0], 1);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertArrayEquals(new byte[0], in.readAllBytes());
    }
  }

  @Test
  void blockBoundaries_roundTripAndPassGzipT(@TempDir Path dir) throws Exception {
    int block = DeterministicGzipOutputStream.BLOCK_SIZE;
    for (int size : new int[] {1, block - 1, block, block + 1, 2 * block, 5 * block + 12_345}) {
      byte[] data = textLike(size, size);
      byte[] gz = gzip(data, 4096);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        assertArrayEquals(data, in.readAllBytes(), "size " + size);
      }
      Path file = Files.write(dir.resolve("b" + size + ".gz"), gz);
      Tools.run("gzip", "-t", file.toString()); // one valid member, CRC and ISIZE right
      Path plain = Tools.decompress("gzip", file, dir.resolve("b" + size));
      assertArrayEquals(data, Files.readAllBytes(plain));
    }
  }

  @Test
  void sameBytes_forAnyThreadCount() throws IOException {
    byte[] data = textLike(3_000_000, 7);
    byte[] one = gzip(data, 1000, 1);
    assertArrayEquals(one, gzip(data, 65_536, 2));
    assertArrayEquals(one, gzip(data, 333, 4));
    assertArrayEquals(one, gzip(data, data.length, 7));
  }

  @Test
  void size_staysWithinTwoPercentOfGzip6(@TempDir Path dir) throws Exception {
    // Blocks primed with the previous 32 KiB lose almost nothing against one stream; the only
    // cost is 5 bytes of sync marker per 128 KiB block and a fresh Huffman table per block.
    byte[] data = textLike(4_000_000, 11);
    Path plain = Files.write(dir.resolve("plain"), data);
    Path reference = dir.resolve("reference.gz");
    new ProcessBuilder("gzip", "-6", "-n", "-c", plain.toString())
        .redirectOutput(reference.toFile())
        .start()
        .waitFor();
    long ours = gzip(data, 65_536).length;
    long theirs = Files.size(reference);
    assertTrue(theirs > 0 && theirs < data.length / 2, "reference is compressed: " + theirs);
    assertTrue(ours <= theirs * 1.02, "ours " + ours + " bytes vs gzip -6 " + theirs + " bytes");
  }

  /** Text with words, numbers and repetition at several distances, like source and config. */
  private static byte[] textLike(int size, long seed) {
    Random random = new Random(seed);
    String[] words = {
      "layer", "image", "stage", "sandbox", "digest", "install", "prefix", "static", "const",
      "return", "include", "void", "int", "struct", "{", "}", ";", "=", "(", ")", "\n", "if",
      "else", "for", "while", "0x", "printf", "error", "size_t", "char", "*"
    };
    StringBuilder text = new StringBuilder(size + 32);
    while (text.length() < size) {
      text.append(words[random.nextInt(words.length)]);
      text.append(random.nextInt(10) == 0 ? '\n' : ' ');
      if (random.nextInt(50) == 0) {
        text.append(random.nextInt(1_000_000));
      }
    }
    return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), size);
  }

  private static byte[] gzip(byte[] data, int chunk) throws IOException {
    return gzip(data, chunk, 2);
  }

  private static byte[] gzip(byte[] data, int chunk, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeterministicGzipOutputStream gz = new DeterministicGzipOutputStream(out, threads)) {
      for (int i = 0; i < data.length; i += chunk) {
        gz.write(data, i, Math.min(chunk, data.length - i));
        gz.flush();
      }
    }
    return out.toByteArray();
  }
}
