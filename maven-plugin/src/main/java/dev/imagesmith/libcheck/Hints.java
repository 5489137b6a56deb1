package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageTree;
import dev.imagesmith.plan.ConfigPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Says how to fix what the checks found missing, and only with a fix that works: a path the image
 * already has is never suggested again. In this order:
 *
 * <ol>
 *   <li>the image has it, but not where it is looked for: the search path to change (the directory
 *       for {@code LD_LIBRARY_PATH} or a {@code $ORIGIN} RUNPATH, or for {@code PATH});
 *   <li>a stage has it where it would be found: the {@code <layer>} to add;
 *   <li>no stage has it: the package that ships it ({@link PackageLookup}), looked up once for all
 *       misses.
 * </ol>
 */
public final class Hints {
  /** How a hint from the package lookup starts. */
  static final String NO_STAGE = "no stage has it";

  private final ImageTree tree;
  private final ImageEnvironment env;
  private final StageFiles stages;
  private final PackageLookup packages;
  private final LoaderConfig loader;
  private final ConfigPaths paths;
  private Map<String, List<ImageFile>> imageNames;

  public Hints(ImageTree tree, ImageEnvironment env, StageFiles stages, PackageLookup packages) {
    this(tree, env, stages, packages, ConfigPaths.POM);
  }

  /**
   * @param paths how the advice names the configuration's elements
   */
  public Hints(
      ImageTree tree,
      ImageEnvironment env,
      StageFiles stages,
      PackageLookup packages,
      ConfigPaths paths) {
    this.paths = paths;
    this.tree = tree;
    this.env = env;
    this.stages = stages;
    this.packages = packages;
    this.loader = new LoaderConfig(tree);
  }

  /** Hints from the image alone: no stages, no packages. */
  public static Hints imageOnly(ImageTree tree, ImageEnvironment env) {
    return new Hints(tree, env, StageFiles.none(), PackageLookup.NONE);
  }

  /** How the advice names the configuration's elements. */
  ConfigPaths paths() {
    return paths;
  }

  /** A hint still waiting for the package lookup: {@code query} files accepted by {@code where}. */
  private record Pending(String text, String query, Predicate<String> where, String usage) {
    static Pending done(String text) {
      return new Pending(text, null, null, null);
    }
  }

  /** {@code missing}, each with its suggestion. */
  List<MissingLibrary> annotate(List<MissingLibrary> missing) {
    List<Pending> pending = new ArrayList<>();
    for (MissingLibrary miss : missing) {
      pending.add(
          switch (miss.kind()) {
            case LIBRARY -> library(miss);
            case PROGRAM_INTERPRETER -> programInterpreter(miss);
            case SCRIPT_INTERPRETER -> program(miss.library(), miss.searched());
          });
    }
    List<String> texts = finish(pending);
    List<MissingLibrary> hinted = new ArrayList<>();
    for (int i = 0; i < missing.size(); i++) {
      hinted.add(missing.get(i).withSuggestion(texts.get(i)));
    }
    return hinted;
  }

  /**
   * How to make the program {@code program} (an absolute path, or a name searched on {@code
   * searched}) exist, or {@code null}.
   */
  String forProgram(String program, List<String> searched) {
    return finish(List.of(program(program, searched))).get(0);
  }

  private Pending library(MissingLibrary miss) {
    String name = miss.library();
    List<String> texts = new ArrayList<>();
    Optional<String> inImage = imageElf(name, miss.wanted()).stream().findFirst();
    inImage.ifPresent(path -> texts.add(notSearched(miss.file(), path, name)));
    List<StageFiles.Found> found = stages.elfFiles(name, miss.wanted());
    Optional<StageFiles.Found> usable =
        found.stream()
            .filter(f -> miss.searched().contains(ImagePaths.parent(f.path())))
            .filter(f -> !isCompatibleElf(f.path(), miss.wanted()))
            .findFirst();
    if (usable.isPresent()) {
      texts.add(stages.describe(usable.get()) + ": add " + layer(usable.get()));
    } else if (inImage.isEmpty()) {
      found.stream()
          .filter(f -> !isCompatibleElf(f.path(), miss.wanted()))
          .findFirst()
          .ifPresent(
              f ->
                  texts.add(
                      stages.describe(f)
                          + ", where the loader does not look for "
                          + miss.file()
                          + ": add "
                          + layer(f)
                          + " and "
                          + libraryPathAdvice(ImagePaths.parent(f.path()))));
    }
    if (!texts.isEmpty()) {
      return Pending.done(String.join("; or ", texts));
    }
    Set<String> searched = new LinkedHashSet<>(miss.searched());
    searched.addAll(loader.systemDirectories(miss.wanted()));
    return new Pending(
        null, name, path -> containsMerged(searched, ImagePaths.parent(path)), installAdvice(""));
  }

  /** Install with a Debian step, {@code note} after its name. */
  private String installAdvice(String note) {
    return "install it with a "
        + paths.debianStep()
        + " step"
        + note
        + " in a stage that a "
        + paths.layer()
        + " puts into the image";
  }

  private Pending programInterpreter(MissingLibrary miss) {
    String path = miss.library();
    Optional<ImageFile> there = tree.follow(path);
    if (there.isPresent() && there.get().elf() != null) {
      return Pending.done(
          "the image's "
              + path
              + " is an "
              + there.get().elf().describe()
              + " file, not one for "
              + miss.wanted().describe());
    }
    Optional<StageFiles.Found> found = stages.elfFiles(path, miss.wanted()).stream().findFirst();
    if (found.isPresent()) {
      return Pending.done(stages.describe(found.get()) + ": add " + layer(found.get()));
    }
    return new Pending(
        null,
        ImagePaths.name(path),
        shipped -> usrMerged(shipped).equals(usrMerged(path)),
        installAdvice(" (libc6 has the loader)") + ", or link the program statically");
  }

  /** A program that is not there: a path, or a name not on {@code searched} ({@code PATH}). */
  private Pending program(String program, List<String> searched) {
    boolean isPath = program.startsWith("/");
    String name = ImagePaths.name(program);
    if (isPath ? tree.follow(program).isPresent() : searched.isEmpty()) {
      return Pending.done(null); // there but not usable (or no search): the reason says it all
    }
    if (!isPath) {
      Optional<ImageFile> elsewhere =
          imageFiles(name).stream()
              .filter(f -> tree.follow(f.path()).map(this::isExecutableFile).orElse(false))
              .findFirst();
      if (elsewhere.isPresent()) {
        String dir = ImagePaths.parent(elsewhere.get().path());
        return Pending.done(
            "the image has "
                + elsewhere.get().path()
                + ": add "
                + dir
                + " to "
                + ConfigPaths.variable("PATH")
                + " in "
                + paths.environment()
                + " (now "
                + env.pathText()
                + ")");
      }
    }
    if (isPath) {
      Optional<String> close = closeName(program);
      if (close.isPresent()) {
        return Pending.done("the image has " + close.get() + " (a typo?)");
      }
    }
    List<String> where = isPath ? List.of(ImagePaths.parent(program)) : searched;
    Optional<StageFiles.Found> found =
        stages.programs(isPath ? program : name).stream()
            .filter(f -> containsMerged(where, ImagePaths.parent(f.path())))
            .filter(f -> tree.follow(f.path()).isEmpty())
            .findFirst();
    if (found.isPresent()) {
      return Pending.done(stages.describe(found.get()) + ": add " + layer(found.get()));
    }
    Set<String> dirs = Set.copyOf(where);
    if (dirs.stream().noneMatch(Hints::isDistributionDirectory)) {
      return Pending.done(null); // /install/bin, /opt/...: no package to look for
    }
    return new Pending(
        null, name, path -> containsMerged(dirs, ImagePaths.parent(path)), installAdvice(""));
  }

  /** A directory a distribution's packages install programs into: below /usr, not /usr/local. */
  private static boolean isDistributionDirectory(String dir) {
    String merged = usrMerged(dir);
    return merged.startsWith("/usr/") && !ImagePaths.isWithin(merged, "/usr/local");
  }

  /** An executable beside {@code path} whose name is at most two edits from its name. */
  private Optional<String> closeName(String path) {
    String name = ImagePaths.name(path);
    String directory = tree.resolve(ImagePaths.parent(path), true).orElse(null);
    if (directory == null || name.length() < 3) {
      return Optional.empty();
    }
    return tree.children(directory).stream()
        .filter(f -> tree.follow(f.path()).map(this::isExecutableFile).orElse(false))
        .map(f -> ImagePaths.child(ImagePaths.parent(path), ImagePaths.name(f.path())))
        .filter(candidate -> editDistance(name, ImagePaths.name(candidate)) <= 2)
        .findFirst();
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Resolves the pending hints: one package lookup for all of them. */
  private List<String> finish(List<Pending> pending) {
    Set<String> names = new LinkedHashSet<>();
    pending.stream().filter(p -> p.query() != null).forEach(p -> names.add(p.query()));
    PackageLookup.Answer answer = names.isEmpty() ? null : packages.find(names);
    List<String> texts = new ArrayList<>();
    for (Pending p : pending) {
      texts.add(p.query() == null ? p.text() : packageHint(p, answer));
    }
    return texts;
  }

  private static String packageHint(Pending p, PackageLookup.Answer answer) {
    if (answer == null) {
      return null; // nothing to ask: say nothing rather than guess
    }
    if (answer.unavailable() != null) {
      return NO_STAGE
          + ", and the package that ships it could not be looked up in "
          + answer.source()
          + ": "
          + answer.unavailable();
    }
    List<PackageLookup.Shipped> shipped =
        answer.byName().getOrDefault(p.query(), List.of()).stream()
            .filter(s -> p.where().test(s.path()))
            .toList();
    if (shipped.isEmpty()) {
      return NO_STAGE
          + ", and no package of "
          + answer.source()
          + " ships it where it is looked for";
    }
    Set<String> names = new LinkedHashSet<>();
    shipped.forEach(s -> names.addAll(s.packages()));
    List<String> first = names.stream().limit(3).toList();
    PackageLookup.Shipped example = shipped.get(0);
    return NO_STAGE
        + "; "
        + (first.size() == 1
            ? "the package " + first.get(0) + " ships "
            : "the packages " + String.join(", ", first) + " ship ")
        + example.path()
        + " ("
        + answer.source()
        + "): "
        + p.usage();
  }

  private String notSearched(String file, String path, String name) {
    String dir = ImagePaths.parent(path);
    String text =
        "the image has "
            + path
            + ", but the loader does not look in "
            + dir
            + " for "
            + file
            + ": "
            + libraryPathAdvice(dir)
            + ", or link "
            + file
            + " with the RUNPATH "
            + origin(ImagePaths.parent(file), dir);
    if (name.equals("libjvm.so")) {
      text +=
          "; if "
              + file
              + " is part of a JVM, its java launcher loads libjvm.so by its full path first: list"
              + " libjvm.so under "
              + paths.ignoreMissingLibraries();
    }
    return text;
  }

  private String libraryPathAdvice(String dir) {
    return env.libraryPath() == null || env.libraryPath().isEmpty()
        ? "set "
            + ConfigPaths.written(ConfigPaths.variable("LD_LIBRARY_PATH"), dir)
            + " in "
            + paths.environment()
        : "add "
            + dir
            + " to "
            + ConfigPaths.variable("LD_LIBRARY_PATH")
            + " (now "
            + env.libraryPath()
            + ")";
  }

  /** {@code $ORIGIN/../lib}: {@code to} relative to {@code from}. */
  static String origin(String from, String to) {
    List<String> a = ImagePaths.components(from);
    List<String> b = ImagePaths.components(to);
    int common = 0;
    while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
      common++;
    }
    StringBuilder rel = new StringBuilder("$ORIGIN");
    for (int i = common; i < a.size(); i++) {
      rel.append("/..");
    }
    for (String part : b.subList(common, b.size())) {
      rel.append('/').append(part);
    }
    return rel.toString();
  }

  private String layer(StageFiles.Found found) {
    return paths.layerOf(found.stage(), ImagePaths.parent(found.path()));
  }

  /** Image paths of compatible ELF files named {@code name}, sorted. */
  private List<String> imageElf(String name, ElfIdent wanted) {
    return imageFiles(name).stream()
        .map(ImageFile::path)
        .filter(path -> isCompatibleElf(path, wanted))
        .toList();
  }

  private boolean isCompatibleElf(String path, ElfIdent wanted) {
    Optional<ImageFile> target = tree.follow(path);
    return target.isPresent()
        && target.get().isRegular()
        && target.get().elf() != null
        && target.get().elf().isCompatible(wanted);
  }

  private boolean isExecutableFile(ImageFile file) {
    return file.isRegular() && (file.mode() & 0111) != 0;
  }

  /** The image's regular files and symlinks named {@code name}, by path. */
  private List<ImageFile> imageFiles(String name) {
    if (imageNames == null) {
      imageNames = new HashMap<>();
      for (ImageFile file : tree.all()) {
        if (file.isRegular() || file.isSymlink()) {
          imageNames
              .computeIfAbsent(ImagePaths.name(file.path()), key -> new ArrayList<>())
              .add(file);
        }
      }
    }
    return imageNames.getOrDefault(name, List.of());
  }

  /** True if {@code dirs} has {@code dir}, with {@code /lib} and {@code /usr/lib} one directory. */
  private static boolean containsMerged(java.util.Collection<String> dirs, String dir) {
    String merged = usrMerged(dir);
    return dirs.stream().anyMatch(d -> usrMerged(d).equals(merged));
  }

  /** {@code /bin/sh} as {@code /usr/bin/sh}: Debian's merged /usr makes them one file. */
  static String usrMerged(String path) {
    for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
      if (path.equals(top) || path.startsWith(top + "/")) {
        return "/usr" + path;
      }
    }
    return path;
  }
}
