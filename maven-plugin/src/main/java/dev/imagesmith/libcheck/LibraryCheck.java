package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.elf.ElfInfo;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.LayerStats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that every ELF executable and shared object in the layers a build added can be loaded in
 * the final image: its program interpreter exists, and each DT_NEEDED name is found the way glibc's
 * loader searches (ld.so(8)): DT_RPATH (only when there is no DT_RUNPATH), {@code LD_LIBRARY_PATH}
 * of the image's environment, DT_RUNPATH, then {@link LoaderConfig}'s directories. {@code $ORIGIN}
 * is the directory holding the object (symlinks above it resolved), {@code $LIB} each of its
 * possible values. A candidate must resolve (through symlinks, in-root) to a regular ELF file of
 * the same class, byte order and machine; others are skipped as the loader skips them. And every
 * executable script of those layers must find its {@code #!} interpreter ({@link Executables}).
 *
 * <p>A JVM's own libraries ({@code lib/libjava.so} and the others) name {@code libjvm.so} without a
 * RUNPATH that reaches it: the {@code java} launcher has loaded it by its full path before they
 * load, and the loader matches the name to it. So {@code libjvm.so} counts as found for a file in a
 * directory with {@code server/libjvm.so} (or {@code client}, {@code minimal}, {@code zero}, {@code
 * j9vm}) of the right class and machine: a JRE tree is recognised, not flagged.
 *
 * <p>Not modelled, and so never a false failure's excuse: the RPATH of the program that loads a
 * library (a library relying on it fails the check; let it pass with an ignore pattern), {@code
 * dlopen}ed libraries (not in DT_NEEDED: not checked), hwcaps subdirectories, {@code
 * /etc/ld.so.preload}.
 */
public final class LibraryCheck {
  private static final List<String> JVM_VARIANTS =
      List.of("server", "client", "minimal", "zero", "j9vm");

  private final ImageInspection image;
  private final LoaderConfig loader;
  private final List<String> libraryPath;
  private final IgnorePatterns ignoreLibraries;
  private final IgnorePatterns ignoreInterpreters;
  private final Executables executables;
  private final Hints hints;

  /**
   * @param env the image's environment ({@code LD_LIBRARY_PATH} for libraries, {@code PATH} and the
   *     user for scripts' interpreters)
   * @param ignoreLibraries {@code <ignoreMissingLibraries>}
   * @param ignoreInterpreters {@code <ignoreMissingInterpreters>}, for scripts
   */
  public LibraryCheck(
      ImageInspection image,
      ImageEnvironment env,
      IgnorePatterns ignoreLibraries,
      IgnorePatterns ignoreInterpreters,
      Hints hints) {
    this.image = image;
    this.loader = new LoaderConfig(image.tree());
    this.libraryPath =
        env.libraryPath() == null ? List.of() : List.of(env.libraryPath().split("[:;]"));
    this.ignoreLibraries = ignoreLibraries;
    this.ignoreInterpreters = ignoreInterpreters;
    this.executables = new Executables(image.tree(), env);
    this.hints = hints;
  }

  /** Runs the check over the visible ELF files and scripts of the added layers. */
  public LibraryCheckResult run() {
    int checked = 0;
    int scripts = 0;
    List<MissingLibrary> missing = new ArrayList<>();
    List<MissingLibrary> ignored = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (ImageFile file : image.tree().all()) {
      if (!file.isRegular() || file.isHardlink() || !isAdded(file.layer())) {
        continue;
      }
      if (file.shebang() != null && (file.mode() & 0111) != 0) {
        scripts++;
        for (MissingLibrary miss : checkScript(file)) {
          boolean pass = ignoreInterpreters.matches(miss.file(), ImagePaths.name(miss.library()));
          (pass ? ignored : missing).add(miss);
        }
        continue;
      }
      if (file.elfError() != null) {
        unreadable.add(file.path() + ": " + file.elfError());
        continue;
      }
      ElfInfo info = file.elfInfo();
      if (info == null || !info.ident().isLoadable()) {
        continue;
      }
      checked++;
      for (MissingLibrary miss : check(file, info)) {
        (ignoreLibraries.matches(miss.file(), ImagePaths.name(miss.library())) ? ignored : missing)
            .add(miss);
      }
    }
    return new LibraryCheckResult(checked, scripts, hints.annotate(missing), ignored, unreadable);
  }

  private List<MissingLibrary> checkScript(ImageFile file) {
    return executables
        .checkScript(file.path(), file.shebang())
        .map(
            failure ->
                List.of(
                    new MissingLibrary(
                        file.path(),
                        failure.program(),
                        MissingLibrary.Kind.SCRIPT_INTERPRETER,
                        failure.searched(),
                        failure.sentence(),
                        null,
                        null)))
        .orElse(List.of());
  }

  private boolean isAdded(int layer) {
    List<LayerStats> layers = image.layers();
    return layer >= 0 && layer < layers.size() && layers.get(layer).added();
  }

  private List<MissingLibrary> check(ImageFile file, ElfInfo info) {
    List<MissingLibrary> missing = new ArrayList<>();
    if (info.interpreter() != null && !info.interpreter().isEmpty()) {
      String interpreter = info.interpreter();
      boolean present = interpreter.startsWith("/") && isCompatibleElf(interpreter, info.ident());
      if (!present) {
        missing.add(
            new MissingLibrary(
                file.path(),
                interpreter,
                MissingLibrary.Kind.PROGRAM_INTERPRETER,
                List.of(),
                null,
                info.ident(),
                null));
      }
    }
    List<String> searched = searchDirectories(file, info);
    for (String needed : info.needed()) {
      if (needed.isEmpty()
          || resolves(needed, searched, info.ident())
          || isJvmLibrary(file, needed, info.ident())) {
        continue;
      }
      missing.add(
          new MissingLibrary(
              file.path(),
              needed,
              MissingLibrary.Kind.LIBRARY,
              needed.contains("/") ? List.of() : searched,
              null,
              info.ident(),
              null));
    }
    return missing;
  }

  private boolean resolves(String needed, List<String> directories, ElfIdent ident) {
    if (needed.contains("/")) {
      // A name with a slash is a path, not searched for (relative ones against the root).
      return isCompatibleElf(ImagePaths.lexicalClean("/" + needed), ident);
    }
    for (String directory : directories) {
      if (isCompatibleElf(ImagePaths.child(directory, needed), ident)) {
        return true;
      }
    }
    return false;
  }

  /** {@code libjvm.so} needed by a file of a JVM's library directory: the launcher loaded it. */
  private boolean isJvmLibrary(ImageFile file, String needed, ElfIdent ident) {
    if (!needed.equals("libjvm.so")) {
      return false;
    }
    String directory = ImagePaths.parent(file.path());
    return JVM_VARIANTS.stream()
        .anyMatch(
            variant ->
                isCompatibleElf(
                    ImagePaths.child(ImagePaths.child(directory, variant), needed), ident));
  }

  private boolean isCompatibleElf(String path, ElfIdent ident) {
    Optional<ImageFile> target = image.tree().follow(path);
    return target.isPresent()
        && target.get().isRegular()
        && target.get().elf() != null
        && target.get().elf().isCompatible(ident);
  }

  /** The loader's search order for the DT_NEEDED entries of {@code file}, duplicates dropped. */
  List<String> searchDirectories(ImageFile file, ElfInfo info) {
    String origin = ImagePaths.parent(file.path());
    Set<String> dirs = new LinkedHashSet<>();
    if (info.runpath() == null && info.rpath() != null) {
      addAll(dirs, info.rpath(), origin, info.ident());
    }
    for (String dir : libraryPath) {
      addAll(dirs, dir, origin, info.ident());
    }
    if (info.runpath() != null) {
      addAll(dirs, info.runpath(), origin, info.ident());
    }
    dirs.addAll(loader.systemDirectories(info.ident()));
    return List.copyOf(dirs);
  }

  private static void addAll(Set<String> dirs, String path, String origin, ElfIdent ident) {
    for (String entry : path.split(":")) {
      if (entry.isBlank()) {
        continue;
      }
      for (String expanded : expand(entry.trim(), origin, ident)) {
        dirs.add(ImagePaths.lexicalClean(expanded.startsWith("/") ? expanded : "/" + expanded));
      }
    }
  }

  /** Expands {@code $ORIGIN}, {@code $LIB} and {@code $PLATFORM} (braced or not). */
  static List<String> expand(String entry, String origin, ElfIdent ident) {
    String text = entry.replace("${ORIGIN}", "$ORIGIN").replace("$ORIGIN", origin);
    text = text.replace("${PLATFORM}", "$PLATFORM").replace("$PLATFORM", platform(ident));
    text = text.replace("${LIB}", "$LIB");
    if (!text.contains("$LIB")) {
      return List.of(text);
    }
    List<String> all = new ArrayList<>();
    for (String lib : LoaderConfig.libTokens(ident)) {
      all.add(text.replace("$LIB", lib));
    }
    return all;
  }

  private static String platform(ElfIdent ident) {
    return switch (ident.machine()) {
      case 62 -> "x86_64";
      case 3 -> "i686";
      case 183 -> "aarch64";
      default -> "unknown";
    };
  }
}
