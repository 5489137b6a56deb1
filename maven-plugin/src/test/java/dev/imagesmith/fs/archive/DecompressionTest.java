package dev.imagesmith.fs.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecompressionTest {
  private static final byte[] DATA =
      "imagesmith decompression test\n".repeat(50).getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void open_gzip_concatenatedMembersAreAllRead() throws IOException {
    byte[] twice = concat(gzip(DATA), gzip(DATA));
    assertEquals(Decompression.Format.GZIP, Decompression.detect(twice));
    assertArrayEquals(concat(DATA, DATA), readAll(twice));
  }

  @Test
  void open_xz() throws IOException {
    byte[] xz = ResourceLimitCasesTest.xz(DATA);
    assertEquals(Decompression.Format.XZ, Decompression.detect(xz));
    assertArrayEquals(DATA, readAll(xz));
  }

  @Test
  void open_zstdFromTheCli() throws IOException {
    Path in = dir.resolve("d");
    Files.write(in, DATA);
    GnuTar.run(dir, "/usr/bin/zstd", "-q", "-19", in.toString());
    byte[] zst = Files.readAllBytes(dir.resolve("d.zst"));
    assertEquals(Decompression.Format.ZSTD, Decompression.detect(zst));
    assertArrayEquals(DATA, readAll(zst));
  }

  @Test
  void open_bzip2() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
      bz.write(DATA);
    }
    assertEquals(Decompression.Format.BZIP2, Decompression.detect(out.toByteArray()));
    assertArrayEquals(DATA, readAll(out.toByteArray()));
  }

  @Test
  void open_uncompressed_passesThrough() throws IOException {
    assertEquals(Decompression.Format.NONE, Decompression.detect(DATA));
    assertArrayEquals(DATA, readAll(DATA));
    assertArrayEquals(new byte[0], readAll(new byte[0]));
    assertArrayEquals(new byte[] {0x1f}, readAll(new byte[] {0x1f}));
  }

  private static byte[] readAll(byte[] compressed) throws IOException {
    try (InputStream in = Decompression.open(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
