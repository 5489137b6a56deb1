/**
 * The checks that the image can run what it holds: every ELF executable and library in the layers a
 * build added must find each DT_NEEDED library (and its program interpreter) inside the final
 * image, the way the dynamic loader would (RPATH, LD_LIBRARY_PATH, RUNPATH with $ORIGIN,
 * ld.so.conf, default directories, matching ELF class and machine; a JVM's own {@code libjvm.so}
 * recognised), and every executable script there its {@code #!} interpreter ({@link
 * dev.imagesmith.libcheck.LibraryCheck}); the program the config starts must be in the image and
 * executable ({@link dev.imagesmith.libcheck.EntrypointCheck}). {@link
 * dev.imagesmith.libcheck.Hints} turns each miss into the fix that works: the search path when the
 * image has the file elsewhere, the layer when a stage has it, the Debian package when neither does
 * ({@link dev.imagesmith.libcheck.DebianPackageLookup}).
 *
 * <p>May import {@code inspect}, {@code elf}, {@code fs}, {@code prune} (for path globs), {@code
 * error}, {@code event}, {@code io}, {@code plan} (the paths of the elements its advice names,
 * {@code ConfigPaths}, and the package lookup's plan) and, for the package lookup only, {@code
 * debian}.
 */
package dev.imagesmith.libcheck;
