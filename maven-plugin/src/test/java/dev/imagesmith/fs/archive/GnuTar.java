package dev.imagesmith.fs.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the host's GNU tar (/usr/bin/tar) as an independent reference. */
final class GnuTar {
  private GnuTar() {}

  static List<String> list(Path workDir, byte[] archive) throws IOException {
    Path file = Files.createTempFile(workDir, "list", ".tar");
    Files.write(file, archive);
    return run(workDir, "/usr/bin/tar", "-tf", file.toString()).lines().toList();
  }

  static String run(Path workDir, String... command) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IOException(String.join(" ", command) + " failed (" + exit + "): " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return output;
  }
}
