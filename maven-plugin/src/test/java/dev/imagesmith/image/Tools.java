package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Runs the outside tools (skopeo, umoci) that check our outputs. */
final class Tools {
  private Tools() {}

  static void assumeInstalled(String tool) {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin", tool)), tool + " is not installed here");
  }

  /** Runs a command, fails the test unless it exits 0, returns its stdout. */
  static String run(Path workDir, String... command) throws IOException, InterruptedException {
    Result result = exec(workDir, command);
    assertEquals(
        0, result.exitCode(), () -> String.join(" ", command) + " failed:\n" + result.err());
    return result.out();
  }

  record Result(int exitCode, String out, String err) {}

  static Result exec(Path workDir, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool", ".out");
    Path err = Files.createTempFile("tool", ".err");
    try {
      Process process =
          new ProcessBuilder(List.of(command))
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      int code = process.waitFor();
      return new Result(
          code,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
