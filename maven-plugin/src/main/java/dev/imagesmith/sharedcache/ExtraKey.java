package dev.imagesmith.sharedcache;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.LogText;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.ConfigPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the user adds to every stage's key: {@code <sharedCacheKey>} as written and the output of
 * {@code <sharedCacheKeyCommand>}, run once per build on the host with {@code /bin/sh -c} in the
 * project directory (say {@code cc --version; ldd --version}: what a {@code host} stage's result
 * depends on beyond its configuration). The command failing fails the build: a key that silently
 * lost its host part would share what it should not. What is logged of the command and its output
 * passes through {@link Redaction}: a command may print (or carry) a token.
 */
final class ExtraKey {
  /** The parameter that names the command, as messages name it. */
  private static final String KEY_COMMAND = ConfigPaths.POM.sharedCache().keyCommand();

  static final long TIMEOUT_SECONDS = 60;
  static final int MAX_OUTPUT = 1 << 20;

  private ExtraKey() {}

  /** {@code null} when there is neither; else one text of both. */
  static String of(String text, String command, Path basedir, Path scratch, BuildLog log)
      throws IOException {
    if (text == null && command == null) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    key.append("key=").append(text == null ? "" : text).append('\n');
    if (command != null) {
      byte[] output = run(command, basedir, scratch);
      String digest = Digest.ofBytes(output).toString();
      String first = new String(output, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      log.info(
          "Shared cache: "
              + KEY_COMMAND
              + " output "
              + digest.substring(0, 19)
              + " goes into every stage's key ("
              + LogText.escape(Redaction.text(first))
              + (output.length > first.length() + 1 ? " ..." : "")
              + ")");
      key.append("command=").append(command).append('\n').append("output=").append(digest);
    }
    return key.toString();
  }

  private static byte[] run(String command, Path basedir, Path scratch) throws IOException {
    // To a file, not a pipe: a command that never ends must not block the read past the timeout.
    Path out = Files.createTempFile(scratch, "key-command-", ".out");
    try {
      Process process =
          new ProcessBuilder("/bin/sh", "-c", command)
              .directory(basedir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new UserInputException(
              KEY_COMMAND
                  + " '"
                  + Redaction.text(command)
                  + "' did not finish within "
                  + TIMEOUT_SECONDS
                  + " s: give a command that prints what the stages depend on and ends");
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted running " + KEY_COMMAND);
      }
      check(command, process.exitValue(), Files.size(out));
      return Files.readAllBytes(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void check(String command, int status, long size) {
    if (status != 0) {
      throw new UserInputException(
          KEY_COMMAND
              + " '"
              + Redaction.text(command)
              + "' exited with status "
              + status
              + ": it must succeed, as its output is part of every stage's shared cache key");
    }
    if (size > MAX_OUTPUT) {
      throw new UserInputException(
          KEY_COMMAND + " '" + Redaction.text(command) + "' printed more than 1 MiB: print less");
    }
  }
}
