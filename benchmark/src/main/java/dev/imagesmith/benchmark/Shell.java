package dev.imagesmith.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The commands the benchmark runs besides Maven, and the clock it reads them by. */
final class Shell {
  private Shell() {}

  /** Runs {@code command} in bash with {@code pipefail}; its output, or an error holding it. */
  static String run(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", "-c", "set -euo pipefail; " + command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("failed: " + command + "\n" + output);
    }
    return output;
  }

  /** Runs {@code command} without a shell; its output, or an error holding it. */
  static String exec(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  /**
   * The native contenders: {@code tar c} of {@code root}'s {@code data} piped through {@code
   * compressor} into {@code output}; the wall time in seconds.
   */
  static double tarInto(Path root, String compressor, Path output)
      throws IOException, InterruptedException {
    return tarTimed(root, compressor, output).wall();
  }

  /** Wall and CPU seconds of one command. */
  record Timed(double wall, double cpu) {}

  /** {@link #tarInto}, with the CPU time (user + system) the pipeline used. */
  static Timed tarTimed(Path root, String compressor, Path output)
      throws IOException, InterruptedException {
    double cpu = ChildCpu.seconds();
    long started = System.nanoTime();
    run("tar -C '" + root + "' -cf - data | " + compressor + " > '" + output + "'");
    return new Timed(secondsSince(started), ChildCpu.seconds() - cpu);
  }

  /** Seconds since {@code started}, a {@link System#nanoTime()}. */
  static double secondsSince(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
