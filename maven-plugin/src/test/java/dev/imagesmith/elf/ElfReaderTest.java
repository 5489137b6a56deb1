package dev.imagesmith.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imagesmith.testkit.NativeBuild;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderTest {
  @TempDir Path dir;

  private static Optional<ElfInfo> read(byte[] bytes) throws IOException {
    return ElfReader.read(new SeekableInMemoryByteChannel(bytes));
  }

  private static Optional<ElfInfo> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      return ElfReader.read(channel);
    }
  }

  @Test
  void read_realObjects_agreeWithReadelf() throws Exception {
    Assumptions.assumeTrue(NativeBuild.available(), "needs gcc and x86-64 glibc");
    NativeBuild build = new NativeBuild(dir);
    List<Path> objects =
        List.of(
            build.program("hello", "$ORIGIN/../lib"),
            build.library(),
            NativeBuild.HOST_LIBC,
            Path.of("/bin/ls"));
    for (Path object : objects) {
      ElfInfo info = read(object).orElseThrow();
      String dynamic = readelf("-dW", object);
      assertEquals(tags(dynamic, "NEEDED", "Shared library"), info.needed(), object.toString());
      assertEquals(first(tags(dynamic, "RUNPATH", "Library runpath")), info.runpath(), object + "");
      assertEquals(first(tags(dynamic, "RPATH", "Library rpath")), info.rpath(), object + "");
      assertEquals(first(tags(dynamic, "SONAME", "Library soname")), info.soname(), object + "");
      Matcher interp =
          Pattern.compile("Requesting program interpreter: (\\S+)\\]")
              .matcher(readelf("-lW", object));
      assertEquals(interp.find() ? interp.group(1) : null, info.interpreter(), object + "");
      assertEquals(62, info.ident().machine());
      assertTrue(info.ident().is64() && info.ident().littleEndian());
    }
    ElfInfo hello = read(dir.resolve("hello")).orElseThrow();
    assertEquals(List.of("libgreet.so.1", "libc.so.6"), hello.needed());
    assertEquals("$ORIGIN/../lib", hello.runpath() != null ? hello.runpath() : hello.rpath());
  }

  @Test
  void read_staticProgram_hasNothingToResolve() throws Exception {
    Assumptions.assumeTrue(NativeBuild.available(), "needs gcc and x86-64 glibc");
    Assumptions.assumeTrue(
        Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libc.a")), "needs libc.a (libc6-dev)");
    ElfInfo info = read(new NativeBuild(dir).staticProgram()).orElseThrow();
    assertTrue(info.isStatic());
    assertNull(info.interpreter());
  }

  @Test
  void read_elf32BigEndian_readsEveryField() throws IOException {
    byte[] bytes =
        MiniElf.build(
            false,
            false,
            20,
            "/lib/ld.so.1",
            List.of("libc.so.6", "libm.so.6"),
            "$ORIGIN",
            "libx.so");
    ElfInfo info = read(bytes).orElseThrow();
    assertEquals(new ElfIdent(false, false, ElfIdent.ET_DYN, 20), info.ident());
    assertEquals("/lib/ld.so.1", info.interpreter());
    assertEquals(List.of("libc.so.6", "libm.so.6"), info.needed());
    assertEquals("$ORIGIN", info.runpath());
    assertEquals("libx.so", info.soname());
    assertEquals("ELF 32-bit big-endian PowerPC", info.ident().describe());
  }

  @Test
  void read_elf64LittleEndian_readsEveryField() throws IOException {
    ElfInfo info =
        read(MiniElf.build(true, true, 183, null, List.of("libz.so.1"), null, null)).orElseThrow();
    assertEquals(new ElfIdent(true, true, ElfIdent.ET_DYN, 183), info.ident());
    assertEquals(List.of("libz.so.1"), info.needed());
    assertNull(info.interpreter());
  }

  @Test
  void read_notElf_isEmpty() throws IOException {
    assertTrue(read("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
    assertTrue(read(new byte[0]).isEmpty());
    assertTrue(read(new byte[] {0x7f, 'E', 'L', 'F'}).isEmpty());
  }

  @Test
  void read_hugeProgramHeaderCount_isRefused() {
    byte[] bytes = MiniElf.build(true, true, 62, null, List.of("libc.so.6"), null, null);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 0xffff);
    assertThrows(ElfFormatException.class, () -> read(bytes));
  }

  @Test
  void read_stringTablePastTheEnd_isRefused() {
    byte[] bytes = MiniElf.build(true, true, 62, null, List.of("libc.so.6"), null, null);
    // DT_STRSZ is the second entry from the end: claim a string table of 2^40 bytes.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 24, 1L << 40);
    assertThrows(ElfFormatException.class, () -> read(bytes));
  }

  @Test
  void read_offsetAbove2To63_isRefusedNotWrapped() {
    byte[] bytes = MiniElf.build(true, true, 62, null, List.of("libc.so.6"), null, null);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(32, -8L); // e_phoff
    assertThrows(ElfFormatException.class, () -> read(bytes));
  }

  /** Every truncation and many random corruptions: a result or ElfFormatException, nothing else. */
  @Test
  void read_truncatedOrCorrupted_neverThrowsAnythingElse() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(
        MiniElf.build(true, true, 62, "/lib64/ld.so", List.of("a.so", "b.so"), "$ORIGIN", "c"));
    seeds.add(MiniElf.build(false, false, 8, "/lib/ld.so", List.of("a.so"), null, "c"));
    if (NativeBuild.available()) {
      seeds.add(Files.readAllBytes(new NativeBuild(dir).program("hello", "$ORIGIN")));
    }
    Random random = new Random(6);
    for (byte[] seed : seeds) {
      for (int length = 0; length < Math.min(seed.length, 1024); length++) {
        check(java.util.Arrays.copyOf(seed, length));
      }
      for (int round = 0; round < 3000; round++) {
        byte[] copy = seed.clone();
        int limit = Math.min(copy.length, 8192);
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          copy[random.nextInt(limit)] = (byte) random.nextInt(256);
        }
        check(copy);
      }
    }
  }

  private static void check(byte[] bytes) {
    try {
      read(bytes);
    } catch (ElfFormatException expected) {
      // refused with a reason: fine
    } catch (IOException | RuntimeException e) {
      fail("unexpected " + e, e);
    }
  }

  private static String readelf(String option, Path file) throws Exception {
    Process process =
        new ProcessBuilder("readelf", option, file.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return out;
  }

  private static List<String> tags(String readelf, String tag, String label) {
    List<String> values = new ArrayList<>();
    Matcher m =
        Pattern.compile("\\(" + tag + "\\)\\s+" + label + ": \\[([^\\]]*)\\]").matcher(readelf);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
