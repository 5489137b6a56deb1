package dev.imagesmith.fs.archive;

import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Hand-made tar blocks for malformed or byte-exact cases a tar writer would not produce. */
final class RawTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static RawTar raw() {
    return new RawTar();
  }

  RawTar header(String name, char type, long size) {
    return header(name, type, octal(size, 12));
  }

  /** A ustar header whose size field holds exactly {@code sizeField} (12 bytes). */
  RawTar header(String name, char type, byte[] sizeField) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
    System.arraycopy(octal(0644, 8), 0, h, 100, 8);
    System.arraycopy(octal(0, 8), 0, h, 108, 8);
    System.arraycopy(octal(0, 8), 0, h, 116, 8);
    System.arraycopy(sizeField, 0, h, 124, 12);
    System.arraycopy(octal(TestTar.MTIME, 12), 0, h, 136, 12);
    h[156] = (byte) type;
    System.arraycopy("ustar\00000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, h, 148, 8);
    out.writeBytes(h);
    return this;
  }

  /** Content, padded to a whole block. */
  RawTar data(byte[] content) {
    out.writeBytes(content);
    int pad = (512 - content.length % 512) % 512;
    out.writeBytes(new byte[pad]);
    return this;
  }

  /** Raw bytes, unpadded (for truncated archives). */
  RawTar bytes(byte[] content) {
    out.writeBytes(content);
    return this;
  }

  /** A PAX extended header ('x') with the given records, values byte-exact. */
  RawTar pax(Map<String, byte[]> records) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    records.forEach((key, value) -> body.writeBytes(record(key, value)));
    byte[] content = body.toByteArray();
    return header("PaxHeaders/x", 'x', content.length).data(content);
  }

  static byte[] record(String key, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    int rest = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
    int length = rest + String.valueOf(rest).length();
    if (String.valueOf(length).length() != String.valueOf(rest).length()) {
      length++;
    }
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    r.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
    r.writeBytes(k);
    r.write('=');
    r.writeBytes(value);
    r.write('\n');
    return r.toByteArray();
  }

  /** What was written so far, without end-of-archive blocks. */
  byte[] unterminated() {
    return out.toByteArray();
  }

  byte[] end() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  static byte[] octal(long value, int width) {
    String digits = String.format("%0" + (width - 1) + "o", value);
    byte[] field = new byte[width];
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, field, 0, width - 1);
    return field;
  }
}
