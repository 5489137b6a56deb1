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
  /** What to do about missing libraries, after the list of them. */
  public static final String ADVICE =
      "Add a layer that holds them, or, if the runtime provides them (drivers mounted by the"
          + " host), list them under <ignoreMissingLibraries>; the check is switched off with"
          + " <checkLibraries>false</checkLibraries>.";

  public MissingLibrary {
    searched = List.copyOf(searched);
  }

  /** One line: the file, what it needs, where the loader looked, and where it can be found. */
  public String describe() {
    StringBuilder text = new StringBuilder(file);
    text.append(interpreter ? " needs the program interpreter " : " needs ").append(library);
    if (!searched.isEmpty()) {
      text.append(" (searched ").append(String.join(":", searched)).append(")");
    } else if (interpreter) {
      text.append(", which is not in the image");
    }
    if (suggestion != null) {
      text.append("; ").append(suggestion);
    }
    return text.toString();
  }
}
