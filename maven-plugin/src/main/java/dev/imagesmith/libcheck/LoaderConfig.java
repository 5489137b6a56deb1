package dev.imagesmith.libcheck;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageTree;
import dev.imagesmith.prune.Glob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search directories an image's dynamic loader uses after an object's own RPATH/RUNPATH:
 *
 * <ul>
 *   <li>glibc: the directories of {@code /etc/ld.so.conf} and the files it includes (what {@code
 *       ldconfig} would put in the cache), then the built-in defaults: the Debian multiarch
 *       directories for the object's machine ({@code /lib/x86_64-linux-gnu}, {@code
 *       /usr/lib/x86_64-linux-gnu}), {@code /lib64} and {@code /usr/lib64} for 64-bit objects, and
 *       {@code /lib}, {@code /usr/lib};
 *   <li>musl (the image has {@code /lib/ld-musl-*.so.1}): the lines of {@code
 *       /etc/ld-musl-ARCH.path} if there is one, else {@code /lib}, {@code /usr/local/lib}, {@code
 *       /usr/lib}.
 * </ul>
 *
 * A directory the loader would not search but this list has does little harm: candidates must still
 * be ELF files of the right class and machine.
 */
final class LoaderConfig {
  private static final int MAX_INCLUDE_DEPTH = 8;
  private static final Map<Integer, List<String>> MULTIARCH_64 =
      Map.of(
          62, List.of("x86_64-linux-gnu"),
          183, List.of("aarch64-linux-gnu"),
          21, List.of("powerpc64le-linux-gnu", "powerpc64-linux-gnu"),
          22, List.of("s390x-linux-gnu"),
          243, List.of("riscv64-linux-gnu"),
          258, List.of("loongarch64-linux-gnu"));
  private static final Map<Integer, List<String>> MULTIARCH_32 =
      Map.of(
          3, List.of("i386-linux-gnu"),
          40, List.of("arm-linux-gnueabihf", "arm-linux-gnueabi"),
          8, List.of("mipsel-linux-gnu", "mips-linux-gnu"));

  private final ImageTree tree;
  private final boolean musl;
  private final List<String> configured;

  LoaderConfig(ImageTree tree) {
    this.tree = tree;
    this.musl =
        tree.children("/lib").stream()
            .anyMatch(f -> ImagePaths.name(f.path()).matches("ld-musl-.*\\.so\\.1"));
    this.configured = musl ? muslPath() : ldSoConf();
  }

  boolean isMusl() {
    return musl;
  }

  /**
   * The directories searched after RPATH, LD_LIBRARY_PATH and RUNPATH, for an object like {@code
   * ident}.
   */
  List<String> systemDirectories(ElfIdent ident) {
    Set<String> dirs = new LinkedHashSet<>(configured);
    if (musl) {
      if (configured.isEmpty()) {
        dirs.addAll(List.of("/lib", "/usr/local/lib", "/usr/lib"));
      }
      return List.copyOf(dirs);
    }
    for (String triplet : multiarch(ident)) {
      dirs.add("/lib/" + triplet);
      dirs.add("/usr/lib/" + triplet);
    }
    if (ident.is64()) {
      dirs.add("/lib64");
      dirs.add("/usr/lib64");
    }
    dirs.add("/lib");
    dirs.add("/usr/lib");
    return List.copyOf(dirs);
  }

  /** What {@code $LIB} can stand for: {@code lib64}, {@code lib}, {@code lib/<triplet>}. */
  static List<String> libTokens(ElfIdent ident) {
    List<String> values = new ArrayList<>();
    if (ident.is64()) {
      values.add("lib64");
    }
    values.add("lib");
    for (String triplet : multiarch(ident)) {
      values.add("lib/" + triplet);
    }
    return values;
  }

  static List<String> multiarch(ElfIdent ident) {
    return (ident.is64() ? MULTIARCH_64 : MULTIARCH_32).getOrDefault(ident.machine(), List.of());
  }

  private List<String> muslPath() {
    List<String> dirs = new ArrayList<>();
    for (ImageFile file : tree.children("/etc")) {
      String name = ImagePaths.name(file.path());
      if (name.startsWith("ld-musl-") && name.endsWith(".path")) {
        text(file).ifPresent(text -> splitPath(text, dirs));
      }
    }
    return dirs;
  }

  private static void splitPath(String text, List<String> out) {
    for (String part : text.split("[:\\n]")) {
      String dir = part.trim();
      if (dir.startsWith("/")) {
        out.add(ImagePaths.lexicalClean(dir));
      }
    }
  }

  private List<String> ldSoConf() {
    List<String> dirs = new ArrayList<>();
    readConf("/etc/ld.so.conf", dirs, 0, new LinkedHashSet<>());
    return dirs;
  }

  private void readConf(String path, List<String> dirs, int depth, Set<String> seen) {
    if (depth > MAX_INCLUDE_DEPTH || !seen.add(path)) {
      return;
    }
    Optional<String> text = tree.follow(path).flatMap(LoaderConfig::text);
    if (text.isEmpty()) {
      return;
    }
    for (String raw : text.get().split("\n")) {
      String line = raw.replaceFirst("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("include ") || line.startsWith("include\t")) {
        String pattern = line.substring("include".length()).trim();
        if (!pattern.startsWith("/")) {
          pattern = ImagePaths.child(ImagePaths.parent(path), pattern);
        }
        for (String included : expand(ImagePaths.lexicalClean(pattern))) {
          readConf(included, dirs, depth + 1, seen);
        }
      } else if (line.startsWith("/")) {
        // "dir=type" (libc5 syntax) still appears in old files; the directory is the part before.
        dirs.add(ImagePaths.lexicalClean(line.replaceFirst("[=\\s].*", "")));
      }
    }
  }

  /** The files a glob in the last component names ({@code /etc/ld.so.conf.d/*.conf}), sorted. */
  private List<String> expand(String pattern) {
    String directory = ImagePaths.parent(pattern);
    String name = ImagePaths.name(pattern);
    if (!name.contains("*") && !name.contains("?")) {
      return List.of(pattern);
    }
    String real = tree.resolve(directory, true).orElse(directory);
    return tree.children(real).stream()
        .map(ImageFile::path)
        .filter(p -> Glob.nameMatches(name, ImagePaths.name(p)))
        .toList();
  }

  private static Optional<String> text(ImageFile file) {
    return Optional.ofNullable(file.loaderConfig());
  }
}
