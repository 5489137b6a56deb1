package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.ResolveMemo;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the build's stages hold, for hints: which stage has a file of a name (an ELF file of the
 * right class and machine, or an executable), and, when that stage has a dpkg database, the Debian
 * package that installed it. Each stage is walked once, on the first question; links are never
 * followed on the host (the sandbox resolves them in-root).
 */
public final class StageFiles {
  private static final int MAX_LIST_FILE = 4 * 1024 * 1024;

  /** A stage's dpkg lists are the stage's: a run step may have put a link or a FIFO there. */
  private static final UntrustedFiles LISTS =
      UntrustedFiles.inside(
          "the stage's dpkg database /var/lib/dpkg",
          "leave the dpkg database to dpkg and the debian steps while the build runs");

  /** A stage's name and its sandbox, in build order. */
  public record Root(String stage, Sandbox sandbox) {}

  /**
   * A file a stage has.
   *
   * @param path its image path in the stage
   */
  record Found(Root root, String path) {
    String stage() {
      return root.stage();
    }
  }

  private final List<Root> roots;
  private final Map<String, Map<String, List<String>>> namesByStage = new HashMap<>();
  private final Map<String, Map<String, String>> packagesByStage = new HashMap<>();

  public StageFiles(List<Root> roots) {
    this.roots = List.copyOf(roots);
  }

  /** No stages: no hints from them. */
  public static StageFiles none() {
    return new StageFiles(List.of());
  }

  /**
   * Every file named {@code name} ({@code libc.so.6}), or at the path {@code name} if it is one,
   * that is an ELF file like {@code wanted} (links resolved in the stage), by stage in build order.
   */
  List<Found> elfFiles(String name, ElfIdent wanted) {
    return find(name, (sandbox, path) -> isCompatibleElf(sandbox, path, wanted));
  }

  /** Every executable regular file named {@code name}, or at the path {@code name}. */
  List<Found> programs(String name) {
    return find(name, StageFiles::isExecutable);
  }

  private interface Test {
    boolean test(Sandbox sandbox, String path) throws IOException;
  }

  private List<Found> find(String name, Test test) {
    List<Found> found = new ArrayList<>();
    try {
      for (Root root : roots) {
        for (String path : candidates(root, name)) {
          if (test.test(root.sandbox(), path)) {
            found.add(new Found(root, path));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private List<String> candidates(Root root, String name) throws IOException {
    if (name.startsWith("/")) {
      return List.of(ImagePaths.lexicalClean(name)); // that exact path
    }
    Map<String, List<String>> names = namesByStage.get(root.stage());
    if (names == null) {
      names = new HashMap<>();
      for (SandboxEntry entry : root.sandbox().walk("/")) {
        if (entry.isRegularFile() || entry.isSymlink()) {
          names
              .computeIfAbsent(ImagePaths.name(entry.path()), key -> new ArrayList<>())
              .add(entry.path());
        }
      }
      namesByStage.put(root.stage(), names);
    }
    return names.getOrDefault(name, List.of());
  }

  private static boolean isCompatibleElf(Sandbox sandbox, String path, ElfIdent wanted)
      throws IOException {
    Optional<Path> host = regularFile(sandbox, path);
    if (host.isEmpty()) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(host.get(), LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(ElfIdent.LENGTH);
    }
    return ElfIdent.parse(head).map(ident -> ident.isCompatible(wanted)).orElse(false);
  }

  private static boolean isExecutable(Sandbox sandbox, String path) throws IOException {
    Sandbox.Resolved resolved;
    try {
      resolved = sandbox.resolve(path);
    } catch (IOException e) {
      return false;
    }
    Optional<SandboxEntry> entry = sandbox.stat(resolved.imagePath());
    return entry.isPresent() && entry.get().isRegularFile() && (entry.get().mode() & 0111) != 0;
  }

  /** The host file of the regular file {@code path} names in the stage (links resolved in-root). */
  private static Optional<Path> regularFile(Sandbox sandbox, String path) {
    Path host;
    try {
      host = sandbox.resolve(path).hostPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    return Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(host)
        : Optional.empty();
  }

  /** {@code stage 'runtime' has /lib/x/libc.so.6 (package libc6)}. */
  String describe(Found found) {
    String pkg = packageOf(found.root(), found.path());
    return "stage '"
        + found.stage()
        + "' has "
        + found.path()
        + (pkg == null ? "" : " (package " + pkg + ")");
  }

  /**
   * The dpkg package whose file list names {@code path}, if the stage has a dpkg database; the
   * lists are read once per stage.
   */
  private String packageOf(Root root, String path) {
    Map<String, String> packages = packagesByStage.get(root.stage());
    if (packages == null) {
      packages = new HashMap<>();
      ResolveMemo memo = new ResolveMemo();
      try {
        for (SandboxEntry entry : root.sandbox().walk("/var/lib/dpkg/info")) {
          String name = ImagePaths.name(entry.path());
          if (!entry.isRegularFile() || !name.endsWith(".list") || entry.size() > MAX_LIST_FILE) {
            continue;
          }
          // libc6:amd64.list -> libc6
          String pkg =
              name.substring(0, name.length() - ".list".length()).replaceFirst(":[a-z0-9_]+$", "");
          String list = listText(root.sandbox(), entry, memo);
          if (list == null) {
            continue;
          }
          for (String line : list.split("\n")) {
            packages.putIfAbsent(line, pkg);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      packagesByStage.put(root.stage(), packages);
    }
    return packages.get(path);
  }

  /**
   * The text of a dpkg list the walk found, or null when, by the time it is read, it is no regular
   * file of at most the cap: opened never through a link (the walk's answer may be stale), only if
   * it is the file that was checked, its directories resolved in the stage.
   */
  static String listText(Sandbox sandbox, SandboxEntry entry, ResolveMemo memo) throws IOException {
    Path host = sandbox.resolveEntry(entry.path(), memo).hostPath();
    try {
      return new String(LISTS.read(host, MAX_LIST_FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | UserInputException e) {
      return null; // a hint names no package rather than read what a link points to
    }
  }
}
