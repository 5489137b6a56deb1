package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * apt's own verdict on an InRelease file: runs apt's {@code gpgv} acquire method (the program
 * {@code apt-get update} hands each InRelease to, {@code /usr/lib/apt/methods/gpgv}, which runs
 * {@code gpgv} and applies apt's rules to its status lines) and speaks apt's method protocol to it:
 * one {@code 600 URI Acquire} with a {@code Signed-By} keyring, answered by {@code 201 URI Done} or
 * {@code 400 URI Failure} and its message. This is the differential oracle of the verifier's tests.
 */
final class AptGpgvMethod {
  static final Path METHOD = Path.of("/usr/lib/apt/methods/gpgv");
  private static final Path GPGV = Path.of("/usr/bin/gpgv");

  /** apt's answer: accepted, or refused with apt's message. */
  record Verdict(boolean accepted, String message) {}

  private AptGpgvMethod() {}

  /** Why the oracle cannot run here, if it cannot. */
  static Optional<String> unavailable() {
    if (!Files.isExecutable(METHOD)) {
      return Optional.of(METHOD + " is missing (install apt)");
    }
    if (!Files.isExecutable(GPGV)) {
      return Optional.of(GPGV + " is missing (scripts/install-deps installs gpgv)");
    }
    return Optional.empty();
  }

  static Verdict check(Path inRelease, Path keyring) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(METHOD.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String request =
        "600 URI Acquire\nURI: gpgv:"
            + inRelease
            + "\nFilename: "
            + inRelease
            + "\nSigned-By: "
            + keyring
            + "\n\n";
    try (OutputStream in = process.getOutputStream()) {
      in.write(request.getBytes(StandardCharsets.UTF_8));
    }
    Verdict verdict = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String status = null;
      StringBuilder message = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("201 ") || line.startsWith("400 ")) {
          status = line;
        } else if (status != null && line.startsWith("Message: ")) {
          message.append(line.substring("Message: ".length()));
        } else if (status != null && line.isEmpty()) {
          verdict = new Verdict(status.startsWith("201 "), message.toString().strip());
          break;
        }
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(METHOD + " did not finish");
    }
    if (verdict == null) {
      throw new IOException(METHOD + " gave no verdict (exit " + process.exitValue() + ")");
    }
    return verdict;
  }
}
