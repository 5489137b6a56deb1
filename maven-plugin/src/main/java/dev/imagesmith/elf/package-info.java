/**
 * A small, hostile-input-safe ELF reader: class, byte order, machine, type, the program interpreter
 * and the dynamic section's DT_NEEDED, DT_RPATH, DT_RUNPATH and DT_SONAME. Every offset is
 * bounds-checked against the file and every read is capped, so a crafted file can neither make it
 * allocate much nor read past its end. Imports nothing of ours.
 */
package dev.imagesmith.elf;
