package dev.imagesmith.fs.archive;

import static dev.imagesmith.testkit.TestTar.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** security-cases.md class R: resource exhaustion, with limits scaled down where needed. */
class ResourceLimitCasesTest extends ExtractorHarness {

  @Test
  void R3_trailingBytesAfterTar_allowedAndReadToEnd() throws IOException {
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    layer.writeBytes(tar().file("a", "a").bytes());
    layer.writeBytes("trailing garbage that is not a tar header".repeat(100).getBytes());
    CountingStream in = new CountingStream(new ByteArrayInputStream(layer.toByteArray()));
    extractor.applyLayer(in, sandbox, "layer trailing");
    assertEquals(layer.size(), in.count, "the whole blob is read, so a digest over it is complete");
    assertTrue(exists("/a"));
  }

  @Test
  void R4_xzWithHugeDictionary_rejectedByMemoryLimit() throws IOException {
    byte[] xz = xz(tar().file("a", "a").bytes());
    patchXzDictionary(xz, 37); // 1.5 GiB dictionary
    UserInputException e = layerFails(xz);
    assertTrue(e.getMessage().toLowerCase().contains("memory"), e.getMessage());
  }

  @Test
  void R5_zstdWithHugeWindow_rejected() throws IOException {
    byte[] zst = zstdCli(tar().file("a", "a").bytes());
    assertEquals(0, zst[4] & 0x20, "streamed frame carries a window descriptor");
    zst[5] = (byte) ((30 - 10) << 3); // 1 GiB window
    layerFails(zst);
    assertFalse(exists("/a"));
  }

  @Test
  void R6_zipBombs_boundedByCountAndBytes() throws IOException {
    byte[] many =
        ZipFixtures.zip(
            z -> {
              for (int i = 0; i < 5; i++) {
                z.file("f" + i, "x");
              }
            });
    ExtractOptions threeEntries =
        new ExtractOptions(0, new ExtractLimits(3, 1 << 20, 4096, 1 << 20, 64));
    UserInputException count = userArchive(many, "/", threeEntries);
    assertTrue(count.getMessage().contains("more than the limit of 3"), count.getMessage());

    byte[] expanding = ZipFixtures.zip(z -> z.file("zeros", "0".repeat(1 << 20)));
    ExtractOptions smallBudget =
        new ExtractOptions(0, new ExtractLimits(10, 1000, 4096, 1 << 20, 64));
    UserInputException bytes = userArchive(expanding, "/", smallBudget);
    assertTrue(bytes.getMessage().contains("1000 bytes"), bytes.getMessage());
    assertFalse(exists("/zeros"));

    byte[] nested = ZipFixtures.zip(z -> z.file("inner.tar.gz", "not extracted"));
    assertNull(userArchive(nested));
    assertTrue(Files.isRegularFile(host("/inner.tar.gz")), "nested archives are never expanded");
  }

  @Test
  void R7_entryCap_scaledDown() throws IOException {
    TestTar big = tar();
    for (int i = 0; i <= 100; i++) {
      big.file("f" + i, "");
    }
    ExtractLimits limits = new ExtractLimits(100, 1 << 20, 4096, 1 << 20, 64);
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                extractor.applyLayer(
                    new ByteArrayInputStream(big.bytes()), sandbox, "layer big", limits));
    assertTrue(e.getMessage().contains("entry f100"), e.getMessage());
  }

  @Test
  void R7_manyHardlinksToOneInode_linear() throws IOException {
    TestTar links = tar().file("target", "t");
    for (int i = 0; i < 2000; i++) {
      links.hardlink("l/" + i, "target");
    }
    ExtractReport report = layer(links.bytes());
    assertEquals(2001, report.entries());
    assertEquals(2001, stat("/target").linkCount());
  }

  @Test
  void R8_depthAndLength_capped() throws IOException {
    UserInputException deep = layerFails(tar().file("a/".repeat(1500) + "f", "x").bytes());
    assertTrue(deep.getMessage().contains("depth limit"), deep.getMessage());
    UserInputException longName = layerFails(tar().file("ab/".repeat(10_000) + "f", "x").bytes());
    assertTrue(longName.getMessage().contains("bytes long"), longName.getMessage());
    layer(tar().file("d/".repeat(300) + "f", "ok").bytes());
    assertTrue(exists("/" + "d/".repeat(300) + "f"));
  }

  @Test
  void R9_giantPaxAndGnuLongName_rejectedBeforeBuffering() throws IOException {
    byte[] path = ("p/".repeat(1 << 20)).getBytes(StandardCharsets.US_ASCII); // 2 MiB
    UserInputException pax =
        layerFails(RawTar.raw().pax(Map.of("path", path)).header("x", '0', 0).end());
    assertTrue(pax.getMessage().contains("longer than the limit"), pax.getMessage());
    byte[] gnu =
        RawTar.raw().header("././@LongLink", 'L', path.length).data(path).header("x", '0', 0).end();
    UserInputException longLink = layerFails(gnu);
    assertTrue(longLink.getMessage().contains("longer than the limit"), longLink.getMessage());
  }

  @Test
  void R10_corruptHeaders_areUserErrorsNamingTheArchive() throws IOException {
    byte[] archive = tar().file("a", "a").file("b", "b").bytes();
    archive[512 * 2 + 148] ^= 0x01; // checksum of the second header
    UserInputException e = layerFails(archive);
    assertTrue(
        e.getMessage().startsWith("layer test, after entry a: corrupt archive"), e.getMessage());
    byte[] notGzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7};
    layerFails(notGzip);
    UserInputException text =
        userArchiveFails("just some text".getBytes(StandardCharsets.US_ASCII));
    assertTrue(text.getMessage().contains("not a tar, zip or Debian archive"), text.getMessage());
  }

  static byte[] xz(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
      xz.write(data);
    }
    return out.toByteArray();
  }

  /** Sets the LZMA2 dictionary byte of the first block header and fixes the header's CRC32. */
  static void patchXzDictionary(byte[] xz, int dictionaryByte) {
    int header = 12;
    int headerSize = ((xz[header] & 0xff) + 1) * 4;
    assertEquals(0x21, xz[header + 2], "LZMA2 filter");
    xz[header + 4] = (byte) dictionaryByte;
    CRC32 crc = new CRC32();
    crc.update(xz, header, headerSize - 4);
    long value = crc.getValue();
    for (int i = 0; i < 4; i++) {
      xz[header + headerSize - 4 + i] = (byte) (value >>> (8 * i));
    }
  }

  byte[] zstdCli(byte[] data) throws IOException {
    java.nio.file.Path in = Files.createTempFile(archives, "in", ".tar");
    java.nio.file.Path out = archives.resolve(in.getFileName() + ".zst");
    Files.write(in, data);
    // From stdin, so that the frame has no content size and a window descriptor.
    GnuTar.run(archives, "/bin/sh", "-c", "/usr/bin/zstd -q -c < '" + in + "' > '" + out + "'");
    return Files.readAllBytes(out);
  }

  static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
