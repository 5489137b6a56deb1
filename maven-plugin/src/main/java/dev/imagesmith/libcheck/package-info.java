/**
 * The shared-library check: every ELF executable and library in the layers a build added must find
 * each DT_NEEDED library (and its program interpreter) inside the final image, the way the dynamic
 * loader would (RPATH, LD_LIBRARY_PATH, RUNPATH with $ORIGIN, ld.so.conf, default directories,
 * matching ELF class and machine). When a library is missing, {@link
 * dev.imagesmith.libcheck.StageLibraries} says which stage has it and which {@code <layer>} to add.
 * May import {@code inspect}, {@code elf}, {@code fs}, {@code prune} (for path globs) and {@code
 * error}.
 */
package dev.imagesmith.libcheck;
