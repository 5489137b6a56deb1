package dev.imagesmith.libcheck;

import java.util.List;

/**
 * What the shared-library check found.
 *
 * @param checkedFiles how many ELF executables and libraries of the added layers were checked
 * @param checkedScripts how many executable scripts ({@code #!}) of the added layers were checked
 * @param missing every unresolved library and interpreter, by file then library, with its hint
 * @param ignored what an {@code <ignoreMissingLibraries>} (for a script's interpreter, {@code
 *     <ignoreMissingInterpreters>}) pattern let pass
 * @param unreadable ELF files whose headers could not be read, with the reason (warned, not failed)
 */
public record LibraryCheckResult(
    int checkedFiles,
    int checkedScripts,
    List<MissingLibrary> missing,
    List<MissingLibrary> ignored,
    List<String> unreadable) {
  public LibraryCheckResult {
    missing = List.copyOf(missing);
    ignored = List.copyOf(ignored);
    unreadable = List.copyOf(unreadable);
  }

  /** The result of a check that was switched off. */
  public static LibraryCheckResult skipped() {
    return new LibraryCheckResult(0, 0, List.of(), List.of(), List.of());
  }

  public boolean passed() {
    return missing.isEmpty();
  }
}
