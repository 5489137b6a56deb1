package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;

/** Runs the real tools (GNU tar, gzip, zstd) that check what we write. */
final class Tools {
  private Tools() {}

  static boolean isRoot() throws IOException, InterruptedException {
    return run("id", "-u").trim().equals("0");
  }

  /** Runs a command in UTC with a C locale; fails the test unless it exits 0. */
  static String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    builder.environment().put("TZ", "UTC");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    assertEquals(0, exit, () -> String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  /** Decompresses with the named tool ({@code gzip}, {@code zstd}) into a new file. */
  static Path decompress(String tool, Path blob, Path into)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(tool, "-d", "-c", blob.toString()).redirectOutput(into.toFile());
    Process process = builder.start();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> tool + " -d failed: " + errors);
    return into;
  }

  static Digest sha256(Path file) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.of(sha256.digest());
  }
}
