package dev.imagesmith.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a minimal ELF object of any class and byte order: header, PT_INTERP, one PT_LOAD mapping
 * the whole file at vaddr 0x10000, PT_DYNAMIC with DT_NEEDED/DT_RUNPATH/DT_SONAME over a string
 * table. Just enough for the reader; no code.
 */
final class MiniElf {
  static final int BASE = 0x10000;

  private MiniElf() {}

  static byte[] build(
      boolean is64,
      boolean little,
      int machine,
      String interpreter,
      List<String> needed,
      String runpath,
      String soname) {
    ByteArrayOutputStream strings = new ByteArrayOutputStream();
    strings.write(0);
    int interpAt = -1;
    int[] neededAt = new int[needed.size()];
    for (int i = 0; i < needed.size(); i++) {
      neededAt[i] = add(strings, needed.get(i));
    }
    int runpathAt = runpath == null ? -1 : add(strings, runpath);
    int sonameAt = soname == null ? -1 : add(strings, soname);
    if (interpreter != null) {
      interpAt = add(strings, interpreter);
    }
    byte[] strtab = strings.toByteArray();
    int ehsize = is64 ? 64 : 52;
    int phentsize = is64 ? 56 : 32;
    int phnum = 3;
    int dynEntry = is64 ? 16 : 8;
    int dynCount = needed.size() + (runpath == null ? 0 : 1) + (soname == null ? 0 : 1) + 3;
    int strtabOff = ehsize + phentsize * phnum;
    int dynOff = strtabOff + strtab.length;
    int size = dynOff + dynCount * dynEntry;
    ByteBuffer b =
        ByteBuffer.allocate(size).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (little ? 1 : 2), 1});
    b.putShort(16, (short) ElfIdent.ET_DYN);
    b.putShort(18, (short) machine);
    if (is64) {
      b.putLong(32, ehsize);
      b.putShort(54, (short) phentsize);
      b.putShort(56, (short) phnum);
    } else {
      b.putInt(28, ehsize);
      b.putShort(42, (short) phentsize);
      b.putShort(44, (short) phnum);
    }
    int ph = ehsize;
    segment(b, is64, ph, 1, 0, BASE, size); // PT_LOAD: whole file
    if (interpreter != null) {
      segment(
          b,
          is64,
          ph + phentsize,
          3,
          strtabOff + interpAt,
          BASE + strtabOff + interpAt,
          interpreter.length() + 1);
    } else {
      segment(b, is64, ph + phentsize, 6, 0, 0, 0); // PT_PHDR stand-in: ignored
    }
    segment(b, is64, ph + 2 * phentsize, 2, dynOff, BASE + dynOff, dynCount * dynEntry);
    b.put(strtabOff, strtab);
    int at = dynOff;
    for (int offset : neededAt) {
      at = dyn(b, is64, at, 1, offset);
    }
    if (runpath != null) {
      at = dyn(b, is64, at, 29, runpathAt);
    }
    if (soname != null) {
      at = dyn(b, is64, at, 14, sonameAt);
    }
    at = dyn(b, is64, at, 5, BASE + strtabOff);
    at = dyn(b, is64, at, 10, strtab.length);
    dyn(b, is64, at, 0, 0);
    return b.array();
  }

  private static int add(ByteArrayOutputStream strings, String text) {
    int at = strings.size();
    strings.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    strings.write(0);
    return at;
  }

  private static void segment(
      ByteBuffer b, boolean is64, int at, int type, long offset, long vaddr, long filesz) {
    b.putInt(at, type);
    if (is64) {
      b.putLong(at + 8, offset);
      b.putLong(at + 16, vaddr);
      b.putLong(at + 32, filesz);
      b.putLong(at + 40, filesz);
    } else {
      b.putInt(at + 4, (int) offset);
      b.putInt(at + 8, (int) vaddr);
      b.putInt(at + 16, (int) filesz);
      b.putInt(at + 20, (int) filesz);
    }
  }

  private static int dyn(ByteBuffer b, boolean is64, int at, long tag, long value) {
    if (is64) {
      b.putLong(at, tag);
      b.putLong(at + 8, value);
      return at + 16;
    }
    b.putInt(at, (int) tag);
    b.putInt(at + 4, (int) value);
    return at + 8;
  }
}
