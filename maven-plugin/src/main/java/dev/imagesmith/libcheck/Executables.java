package dev.imagesmith.libcheck;

import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageTree;
import java.util.List;
import java.util.Optional;

/**
 * Whether the image can {@code execve} a program, the way the kernel and a container runtime decide
 * it, on the image model alone: the path resolves in-root (symlinks followed) to a regular file the
 * config's user may execute, which is an ELF program or a script whose {@code #!} interpreter
 * passes the same test (Linux nests at most {@value #MAX_DEPTH} interpreters); {@code
 * #!/usr/bin/env NAME} also needs {@code NAME} on the image's {@code PATH}. A command without a
 * slash is looked up on {@code PATH} as runc does (the first executable regular file).
 *
 * <p>Not modelled: the dynamic libraries of an ELF program from the base image (the library check
 * covers the layers the build adds), search permission on the directories, supplementary groups and
 * user names (a named user is taken to be allowed any execute bit).
 */
final class Executables {
  static final int MAX_DEPTH = 4;

  private final ImageTree tree;
  private final ImageEnvironment env;

  Executables(ImageTree tree, ImageEnvironment env) {
    this.tree = tree;
    this.env = env;
  }

  /**
   * Why a program cannot start.
   *
   * @param chain what leads to it ({@code "/app/run.sh starts with #!/bin/sh, and "}), empty for
   *     the program itself
   * @param program the path or the name that fails
   * @param phrase what is wrong with it ({@code "is not in the image"})
   * @param searched the {@code PATH} directories searched for a name, else empty
   * @param notFound true if {@code program} is missing (rather than there but unusable): a stage or
   *     a package may have it
   * @param note what a directory of {@code PATH} has of that name instead, or {@code null}
   */
  record Failure(
      String chain,
      String program,
      String phrase,
      List<String> searched,
      boolean notFound,
      String note) {
    String sentence() {
      return chain
          + program
          + " "
          + phrase
          + (searched.isEmpty() ? "" : " (" + String.join(":", searched) + ")")
          + (note == null ? "" : ": " + note);
    }
  }

  /** The first executable regular file named {@code name} on {@code PATH}, as a clean path. */
  Optional<String> lookPath(String name) {
    for (String dir : env.path()) {
      String candidate = ImagePaths.child(dir, name);
      Optional<ImageFile> file = tree.follow(candidate);
      if (file.isPresent() && file.get().isRegular() && (file.get().mode() & 0111) != 0) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Why the command {@code program} (a path, or a name looked up on {@code PATH}) cannot start, or
   * empty if it can.
   */
  Optional<Failure> checkCommand(String program) {
    if (program.contains("/")) {
      return check(env.absolute(program), 0, "");
    }
    Optional<String> found = lookPath(program);
    if (found.isEmpty()) {
      return Optional.of(notOnPath("", program));
    }
    return check(found.get(), 0, "");
  }

  /** Why the file at {@code path} cannot be executed, or empty if it can. */
  Optional<Failure> check(String path, int depth, String chain) {
    Optional<String> real = tree.resolve(path, true);
    if (real.isEmpty()) {
      return fail(chain, path, "is a symlink loop", false);
    }
    ImageFile file = tree.get(real.get()).orElse(null);
    if (file == null) {
      ImageFile link = tree.resolve(path, false).flatMap(tree::get).orElse(null);
      if (link != null && link.isSymlink()) {
        return fail(
            chain,
            path,
            "is a symlink to " + link.symlinkTarget() + ", which is not in the image",
            true);
      }
      return fail(chain, path, "is not in the image", true);
    }
    if (file.isDirectory()) {
      return fail(chain, path, "is a directory", false);
    }
    if (!file.isRegular()) {
      return fail(chain, path, "is not a regular file", false);
    }
    if (!mayExecute(file)) {
      return fail(
          chain,
          path,
          String.format(
              java.util.Locale.ROOT,
              "is not executable%s (mode %04o, owner %d:%d)",
              env.user() == null ? "" : " for user " + env.user(),
              file.mode() & 07777,
              file.uid(),
              file.gid()),
          false);
    }
    if (file.elf() != null) {
      return file.elf().isLoadable()
          ? Optional.empty()
          : fail(
              chain, path, "is an ELF file but no program (" + file.elf().describe() + ")", false);
    }
    if (file.shebang() != null) {
      return checkScript(path, file.shebang(), depth, chain);
    }
    if (file.sha256() == null) {
      return Optional.empty(); // not read: nothing to say
    }
    return fail(
        chain,
        path,
        file.size() == 0
            ? "is empty: no ELF program and no script"
            : "is neither an ELF program nor a script starting with #!",
        false);
  }

  /** Why the script at {@code path}, whose {@code #!} line is {@code line}, cannot start. */
  Optional<Failure> checkScript(String path, String line) {
    return checkScript(path, line, 0, "");
  }

  private Optional<Failure> checkScript(String path, String line, int depth, String chain) {
    Optional<Shebang> parsed = Shebang.parse(line);
    if (parsed.isEmpty()) {
      return fail(chain, path, "starts with #! but names no interpreter", false);
    }
    Shebang shebang = parsed.get();
    if (depth >= MAX_DEPTH) {
      return fail(
          chain,
          path,
          "is an interpreter script run by an interpreter script more than "
              + MAX_DEPTH
              + " deep (the kernel refuses that)",
          false);
    }
    String next = chain + path + " starts with " + shebang.shown() + ", and ";
    Optional<Failure> interpreter = check(env.absolute(shebang.interpreter()), depth + 1, next);
    if (interpreter.isPresent() || !shebang.isEnv()) {
      return interpreter;
    }
    Optional<String> program = shebang.envProgram();
    if (program.isEmpty()) {
      return Optional.empty();
    }
    String name = program.get();
    if (name.contains(" ") || name.contains("\t")) {
      return fail(
          chain + path + " starts with " + shebang.shown() + ": ",
          "env",
          "gets '"
              + name
              + "' as one program name (Linux passes the rest of the #! line as one"
              + " argument); write #!"
              + shebang.interpreter()
              + " -S "
              + name,
          false);
    }
    if (name.contains("/")) {
      return check(env.absolute(name), depth + 1, next);
    }
    Optional<String> found = lookPath(name);
    if (found.isEmpty()) {
      return Optional.of(notOnPath(next, name));
    }
    return check(found.get(), depth + 1, next);
  }

  /**
   * {@code name} is on no directory of {@code PATH} as an executable file; if one of them has
   * something of that name (a dangling link, a file without an execute bit), the failure says what.
   */
  private Failure notOnPath(String chain, String name) {
    for (String dir : env.path()) {
      String candidate = ImagePaths.child(dir, name);
      boolean there = tree.resolve(candidate, false).flatMap(tree::get).isPresent();
      Optional<Failure> why = there ? check(candidate, 0, "") : Optional.empty();
      if (why.isPresent()) {
        return new Failure(
            chain, name, "is not on the PATH", env.path(), true, why.get().sentence());
      }
    }
    return new Failure(chain, name, "is not on the PATH", env.path(), true, null);
  }

  /** The execute bit that applies to the config's user (root: any of them). */
  boolean mayExecute(ImageFile file) {
    int mode = file.mode();
    long[] ids = numericUser(env.user());
    if (ids == null || ids[0] == 0) {
      return (mode & 0111) != 0;
    }
    if (file.uid() == ids[0]) {
      return (mode & 0100) != 0;
    }
    if (ids[1] >= 0) {
      return file.gid() == ids[1] ? (mode & 0010) != 0 : (mode & 0001) != 0;
    }
    return (mode & 0011) != 0; // the group is not known: either bit may apply
  }

  /** {@code {uid, gid}} ({@code gid} -1 if not given) of a numeric user, else {@code null}. */
  private static long[] numericUser(String user) {
    if (user == null) {
      return null;
    }
    String[] parts = user.split(":", 2);
    try {
      long uid = Long.parseLong(parts[0]);
      long gid = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
      return new long[] {uid, gid};
    } catch (NumberFormatException e) {
      return null; // a user name: /etc/passwd is not modelled
    }
  }

  private static Optional<Failure> fail(
      String chain, String program, String phrase, boolean notFound) {
    return Optional.of(new Failure(chain, program, phrase, List.of(), notFound, null));
  }
}
