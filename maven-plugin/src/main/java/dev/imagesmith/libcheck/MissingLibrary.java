package dev.imagesmith.libcheck;

import java.util.List;

/**
 * A library a file needs that the image does not have where the loader looks.
 *
 * @param file the image path of the ELF file that needs it
 * @param library the DT_NEEDED name, or the PT_INTERP path for a missing interpreter
 * @param interpreter true if {@code library} is the program interpreter
 * @param searched the directories searched, in the loader's order
 * @param suggestion where the library can be found (a stage, a package), or {@code null}
 */
public record MissingLibrary(
    String file, String library, boolean interpreter, List<String> searched, String suggestion) {
  public MissingLibrary {
    searched = List.copyOf(searched);
  }
}
