package dev.imagesmith.elf;

import java.util.List;

/**
 * What the loader needs to know about one ELF object.
 *
 * @param ident class, byte order, type, machine
 * @param interpreter the {@code PT_INTERP} path ({@code /lib64/ld-linux-x86-64.so.2}), or {@code
 *     null} for a static binary or a shared library
 * @param dynamic true if the object has a {@code PT_DYNAMIC} segment
 * @param needed the {@code DT_NEEDED} names in file order
 * @param rpath the {@code DT_RPATH} string (colon-separated, may hold {@code $ORIGIN}), or {@code
 *     null}
 * @param runpath the {@code DT_RUNPATH} string, or {@code null}
 * @param soname the {@code DT_SONAME}, or {@code null}
 */
public record ElfInfo(
    ElfIdent ident,
    String interpreter,
    boolean dynamic,
    List<String> needed,
    String rpath,
    String runpath,
    String soname) {
  public ElfInfo {
    needed = List.copyOf(needed);
  }

  /** A static binary: nothing for the loader to resolve. */
  public boolean isStatic() {
    return interpreter == null && needed.isEmpty();
  }
}
