package dev.imagesmith.elf;

import java.util.Map;
import java.util.Optional;

/**
 * What the first 20 bytes of an ELF file say: enough to decide whether a library can be loaded into
 * a program (the loader skips a candidate of another class, byte order or machine).
 *
 * @param is64 ELFCLASS64 rather than ELFCLASS32
 * @param littleEndian ELFDATA2LSB rather than ELFDATA2MSB
 * @param type {@code e_type}: 2 executable, 3 shared object or PIE, 1 relocatable, 4 core
 * @param machine {@code e_machine}, for example 62 for x86-64
 */
public record ElfIdent(boolean is64, boolean littleEndian, int type, int machine) {
  /** Bytes needed by {@link #parse(byte[])}. */
  public static final int LENGTH = 20;

  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;

  private static final Map<Integer, String> MACHINES =
      Map.ofEntries(
          Map.entry(3, "x86"),
          Map.entry(8, "MIPS"),
          Map.entry(20, "PowerPC"),
          Map.entry(21, "PowerPC64"),
          Map.entry(22, "S/390"),
          Map.entry(40, "ARM"),
          Map.entry(62, "x86-64"),
          Map.entry(183, "AArch64"),
          Map.entry(243, "RISC-V"),
          Map.entry(258, "LoongArch"));

  /** True if {@code head} starts with the ELF magic {@code 0x7f 'E' 'L' 'F'}. */
  public static boolean hasMagic(byte[] head, int length) {
    return length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
  }

  /** The identification of an ELF file from its first bytes, or empty if they are not one. */
  public static Optional<ElfIdent> parse(byte[] head) {
    return parse(head, head.length);
  }

  /** As {@link #parse(byte[])} for the first {@code length} bytes of {@code head}. */
  public static Optional<ElfIdent> parse(byte[] head, int length) {
    if (length < LENGTH || !hasMagic(head, length)) {
      return Optional.empty();
    }
    int elfClass = head[4];
    int data = head[5];
    if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2) || head[6] != 1) {
      return Optional.empty();
    }
    boolean little = data == 1;
    int type = little ? u16le(head, 16) : u16be(head, 16);
    int machine = little ? u16le(head, 18) : u16be(head, 18);
    return Optional.of(new ElfIdent(elfClass == 2, little, type, machine));
  }

  /** True for the objects the loader maps: executables and shared objects (incl. PIE). */
  public boolean isLoadable() {
    return type == ET_EXEC || type == ET_DYN;
  }

  /** True if a library with identification {@code other} can be loaded into this object. */
  public boolean isCompatible(ElfIdent other) {
    return is64 == other.is64 && littleEndian == other.littleEndian && machine == other.machine;
  }

  /** For messages: {@code "ELF 64-bit x86-64"}. */
  public String describe() {
    return "ELF "
        + (is64 ? "64" : "32")
        + "-bit "
        + (littleEndian ? "" : "big-endian ")
        + MACHINES.getOrDefault(machine, "machine " + machine);
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static int u16be(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }
}
