package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

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

  private static byte[] gzip(byte[] data, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeterministicGzipOutputStream gz = new DeterministicGzipOutputStream(out)) {
      for (int i = 0; i < data.length; i += chunk) {
        gz.write(data, i, Math.min(chunk, data.length - i));
        gz.flush();
      }
    }
    return out.toByteArray();
  }
}
