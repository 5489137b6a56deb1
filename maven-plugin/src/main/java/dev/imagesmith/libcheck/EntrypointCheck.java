package dev.imagesmith.libcheck;

import dev.imagesmith.inspect.ImageTree;
import dev.imagesmith.plan.ConfigPaths;
import java.util.List;
import java.util.Optional;

/**
 * Checks that the image can start the program its config names: the entrypoint's first word, or,
 * without an entrypoint, the cmd's. It must be in the image, as an absolute path, a path below the
 * working directory, or a name on the config's {@code PATH} (as runc looks it up); executable by
 * the config's user; and an ELF program or a script whose {@code #!} interpreter passes the same
 * test ({@link Executables}). An image that names no program passes: it is started with a command.
 */
public final class EntrypointCheck {
  /** What to do when the image cannot start its program, after the problem. */
  public static String advice(ConfigPaths paths) {
    return "Fix "
        + paths.entrypoint()
        + " (or "
        + paths.cmd()
        + ") or what the image holds; for an image that is never started as it is, switch the"
        + " check off with "
        + ConfigPaths.written(paths.checkEntrypoint(), "false")
        + ".";
  }

  private final ImageTree tree;
  private final ImageEnvironment env;
  private final Hints hints;

  public EntrypointCheck(ImageTree tree, ImageEnvironment env, Hints hints) {
    this.tree = tree;
    this.env = env;
    this.hints = hints;
  }

  /**
   * The outcome.
   *
   * @param program the program as the config names it, or {@code null} when it names none
   * @param where {@code entrypoint} or {@code cmd}
   * @param problem what keeps it from starting and how to fix it, or {@code null}
   */
  public record Result(String program, String where, String problem) {
    public boolean passed() {
      return problem == null;
    }

    /** For the build log. */
    public String summary() {
      if (program == null) {
        return "no entrypoint or cmd to check";
      }
      return where + " " + program + (passed() ? " checked" : " cannot start");
    }
  }

  /**
   * @param entrypoint the config's {@code Entrypoint}, may be empty
   * @param cmd the config's {@code Cmd}, may be empty
   */
  public Result run(List<String> entrypoint, List<String> cmd) {
    String where = !entrypoint.isEmpty() ? "entrypoint" : !cmd.isEmpty() ? "cmd" : null;
    if (where == null) {
      return new Result(null, null, null);
    }
    String program = (where.equals("entrypoint") ? entrypoint : cmd).get(0);
    if (program.isEmpty()) {
      return new Result(
          program, where, "The " + where + "'s program is empty: name the program to run first");
    }
    Optional<Executables.Failure> failure = new Executables(tree, env).checkCommand(program);
    if (failure.isEmpty()) {
      return new Result(program, where, null);
    }
    Executables.Failure why = failure.get();
    StringBuilder text =
        new StringBuilder("The ")
            .append(where)
            .append(' ')
            .append(program)
            .append(" cannot start: ")
            .append(why.sentence());
    if (why.notFound() && !why.searched().isEmpty() && !env.pathSet()) {
      text.append(" (the config sets no PATH: a runtime uses the default one)");
    }
    String hint = why.notFound() ? hints.forProgram(why.program(), why.searched()) : null;
    boolean fromStageOrImage = hint != null && !hint.startsWith(Hints.NO_STAGE);
    if (why.notFound() && why.program().equals("java") && !fromStageOrImage) {
      // No package installs a "java" on PATH by itself (Debian's is an alternatives link).
      hint =
          "the image needs a Java runtime with its bin directory on "
              + ConfigPaths.variable("PATH")
              + ": a "
              + hints.paths().from()
              + " image with one (for example eclipse-temurin:17-jre) or a stage that makes one"
              + " (jlink) with a "
              + hints.paths().layer()
              + " for it";
    }
    if (hint != null) {
      text.append("; ").append(hint);
    }
    return new Result(program, where, text.toString());
  }
}
