package dev.imagesmith.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sequoia's verdict on an InRelease file: {@code sqv}, the verifier apt 3 runs (apt 3 gives it its
 * own crypto policy file; the sqv of Debian 12 has Sequoia's built-in standard policy only). The
 * file is split as apt splits it: the dash-unescaped text between the headers and the signature
 * block, lines joined with {@code \n}, and the armored signature block.
 */
final class SqvCheck {
  private static final Path SQV = Path.of("/usr/bin/sqv");

  record Verdict(boolean accepted, String message) {}

  private SqvCheck() {}

  static Optional<String> unavailable() {
    return Files.isExecutable(SQV)
        ? Optional.empty()
        : Optional.of(SQV + " is missing (scripts/install-deps installs sqv)");
  }

  static Verdict check(Path inRelease, Path keyring, Path workDirectory)
      throws IOException, InterruptedException {
    List<String> lines = Files.readAllLines(inRelease, StandardCharsets.UTF_8);
    int i = 1;
    while (!lines.get(i).isEmpty()) {
      i++;
    }
    List<String> text = new ArrayList<>();
    for (i++; !lines.get(i).equals("-----BEGIN PGP SIGNATURE-----"); i++) {
      text.add(lines.get(i).startsWith("- ") ? lines.get(i).substring(2) : lines.get(i));
    }
    Path data = Files.writeString(workDirectory.resolve("sqv.data"), String.join("\n", text));
    Path signature =
        Files.writeString(
            workDirectory.resolve("sqv.sig"), String.join("\n", lines.subList(i, lines.size())));
    Path output = workDirectory.resolve("sqv.out");
    Process process =
        new ProcessBuilder(
                SQV.toString(),
                "--keyring",
                keyring.toString(),
                signature.toString(),
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(SQV + " did not finish");
    }
    return new Verdict(process.exitValue() == 0, Files.readString(output).strip());
  }
}
