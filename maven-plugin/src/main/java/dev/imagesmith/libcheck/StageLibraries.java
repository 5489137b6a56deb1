package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suggests where a missing library can be found: the first stage (in build order) whose sandbox
 * holds an ELF file of that name with the right class and machine, and, when that stage has a dpkg
 * database, the Debian package that installed it. Each stage is walked once, on the first miss;
 * links are never followed on the host (the sandbox resolves them in-root). The hint names the
 * {@code <layer>} to add.
 */
public final class StageLibraries implements LibrarySuggester {
  private static final long MAX_LIST_FILE = 4L * 1024 * 1024;

  /** A stage's name and the sandbox its steps filled. */
  public record Stage(String name, Sandbox sandbox) {}

  private final List<Stage> stages;
  private final Map<String, Map<String, List<String>>> namesByStage = new HashMap<>();

  /**
   * @param stages the stages, in build order
   */
  public StageLibraries(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  @Override
  public Optional<String> suggest(String library, ElfIdent wanted) {
    try {
      for (Stage stage : stages) {
        for (String path : candidates(stage, library)) {
          if (isCompatible(stage.sandbox(), path, wanted)) {
            String directory = ImagePaths.parent(path);
            return Optional.of(
                "stage '"
                    + stage.name()
                    + "' has "
                    + path
                    + packageOf(stage.sandbox(), path).map(p -> " (package " + p + ")").orElse("")
                    + ": add <layer><stage>"
                    + stage.name()
                    + "</stage><path>"
                    + directory
                    + "</path></layer>");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  private List<String> candidates(Stage stage, String library) throws IOException {
    if (library.startsWith("/")) {
      return List.of(ImagePaths.lexicalClean(library)); // an interpreter: that exact path
    }
    Map<String, List<String>> names = namesByStage.get(stage.name());
    if (names == null) {
      names = new HashMap<>();
      for (SandboxEntry entry : stage.sandbox().walk("/")) {
        if (entry.isRegularFile() || entry.isSymlink()) {
          names
              .computeIfAbsent(ImagePaths.name(entry.path()), key -> new ArrayList<>())
              .add(entry.path());
        }
      }
      namesByStage.put(stage.name(), names);
    }
    return names.getOrDefault(library, List.of());
  }

  private static boolean isCompatible(Sandbox sandbox, String path, ElfIdent wanted)
      throws IOException {
    Path host;
    try {
      host = sandbox.resolve(path).hostPath(); // symlinks resolved inside the stage root
    } catch (IOException e) {
      return false;
    }
    if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(ElfIdent.LENGTH);
    }
    return ElfIdent.parse(head).map(ident -> ident.isCompatible(wanted)).orElse(false);
  }

  /** The dpkg package whose file list names {@code path}, if the stage has a dpkg database. */
  private static Optional<String> packageOf(Sandbox sandbox, String path) throws IOException {
    for (SandboxEntry entry : sandbox.walk("/var/lib/dpkg/info")) {
      String name = ImagePaths.name(entry.path());
      if (!entry.isRegularFile() || !name.endsWith(".list") || entry.size() > MAX_LIST_FILE) {
        continue;
      }
      String list = new String(Files.readAllBytes(entry.hostPath()), StandardCharsets.UTF_8);
      if (list.lines().anyMatch(path::equals)) {
        String pkg = name.substring(0, name.length() - ".list".length());
        return Optional.of(pkg.replaceFirst(":[a-z0-9_]+$", "")); // libc6:amd64 -> libc6
      }
    }
    return Optional.empty();
  }
}
