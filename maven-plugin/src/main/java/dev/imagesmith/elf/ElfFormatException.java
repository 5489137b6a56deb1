package dev.imagesmith.elf;

import java.io.IOException;

/** A file that starts like an ELF object but whose headers are inconsistent or out of bounds. */
public final class ElfFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ElfFormatException(String message) {
    super(message);
  }
}
