package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import java.util.Optional;

/** Says where a missing library could come from: a stage that has it, a package that ships it. */
@FunctionalInterface
public interface LibrarySuggester {
  /**
   * @param library a DT_NEEDED name ({@code libc.so.6}) or an interpreter path
   * @param wanted the class and machine of the file that needs it
   * @return a sentence fragment such as {@code "stage 'runtime' has /lib/x86_64-linux-gnu/libc.so.6
   *     (package libc6)"}, or empty
   */
  Optional<String> suggest(String library, ElfIdent wanted);

  LibrarySuggester NONE = (library, wanted) -> Optional.empty();
}
