package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.plan.ConfigPaths;
import java.util.List;

/**
 * Something a file of the image needs to run that the image does not have where it is looked for: a
 * library, an ELF program interpreter, or a script's {@code #!} interpreter.
 *
 * @param file the image path of the file that needs it
 * @param library the DT_NEEDED name; the PT_INTERP path; the {@code #!} interpreter's path, or the
 *     program name a {@code #!/usr/bin/env NAME} script looks up on {@code PATH}
 * @param kind which of the three
 * @param searched the directories searched, in order (the loader's, or {@code PATH}'s)
 * @param detail for a script: the whole reason ({@code "/x/run starts with #!/bin/sh, and /bin/sh
 *     is not in the image"}); {@code null} for the others
 * @param wanted the class and machine of the ELF file that needs it, {@code null} for a script
 * @param suggestion where it can be found or how to fix it (a stage, a package, the search path),
 *     or {@code null}
 */
public record MissingLibrary(
    String file,
    String library,
    Kind kind,
    List<String> searched,
    String detail,
    ElfIdent wanted,
    String suggestion) {
  /** What to do about missing libraries, after the list of them. */
  public static String advice(ConfigPaths paths) {
    return "Add a layer that holds them, or, if the runtime provides them (drivers mounted by the"
        + " host), list them under "
        + paths.ignoreMissingLibraries()
        + "; the check is switched off with "
        + ConfigPaths.written(paths.checkLibraries(), "false")
        + ".";
  }

  /** What to do about missing script interpreters, after the list of them. */
  public static String scriptAdvice(ConfigPaths paths) {
    return "Add the interpreter (a layer, or the package the message names), prune the scripts the"
        + " image does not need, or, if they are never run there, list them under "
        + paths.ignoreMissingInterpreters()
        + "; the check is switched off with "
        + ConfigPaths.written(paths.checkLibraries(), "false")
        + ".";
  }

  /** What is missing. */
  public enum Kind {
    /** A DT_NEEDED library. */
    LIBRARY,
    /** The PT_INTERP of an ELF program: the dynamic loader. */
    PROGRAM_INTERPRETER,
    /** The {@code #!} interpreter of a script. */
    SCRIPT_INTERPRETER
  }

  public MissingLibrary {
    searched = List.copyOf(searched);
  }

  /** True for a program's or a script's interpreter. */
  public boolean interpreter() {
    return kind != Kind.LIBRARY;
  }

  MissingLibrary withSuggestion(String text) {
    return new MissingLibrary(file, library, kind, searched, detail, wanted, text);
  }

  /** One line for the build's failure and image.json. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    switch (kind) {
      case LIBRARY -> {
        text.append(file).append(" needs ").append(library);
        if (!searched.isEmpty()) {
          text.append(" (searched ").append(String.join(":", searched)).append(")");
        }
      }
      case PROGRAM_INTERPRETER ->
          text.append(file)
              .append(" needs the program interpreter ")
              .append(library)
              .append(", which is not in the image");
      case SCRIPT_INTERPRETER -> text.append(detail);
    }
    if (suggestion != null) {
      text.append("; ").append(suggestion);
    }
    return text.toString();
  }
}
