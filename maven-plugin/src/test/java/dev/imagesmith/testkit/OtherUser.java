package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class of the tests as the unprivileged user {@code imagesmith-ci} (made by
 * scripts/check-rootless, with the subordinate range 100000:65536), from a test running as root:
 * the class path is copied into a directory that user can read, and the JVM started with {@code
 * runuser}.
 */
public final class OtherUser {
  public static final String USER = "imagesmith-ci";

  private OtherUser() {}

  /** Why this cannot run here, or {@code null} when it can. */
  public static String unavailable() throws IOException, InterruptedException {
    if (!run(List.of("id", "-u")).strip().equals("0")) {
      return "the tests do not run as root, so they cannot switch to " + USER;
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
      return "runuser is missing";
    }
    Process id = new ProcessBuilder("id", USER).start();
    if (id.waitFor() != 0) {
      return "user " + USER + " does not exist (scripts/check-rootless creates it)";
    }
    return null;
  }

  /**
   * Runs {@code main} with {@code args} as {@link #USER} in {@code directory} (created, made the
   * user's; its parent must let that user through, as {@code /tmp} does); returns its output and
   * fails the test unless it exits 0.
   */
  public static String runMain(Path directory, Class<?> main, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path classes = Files.createDirectories(directory.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int index = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path target = classes.resolve(index++ + "-" + source.getFileName());
      run(List.of("cp", "-r", source.toString(), target.toString()));
      entries.add(target.toString());
    }
    run(List.of("chown", "-R", USER, directory.toString()));
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("/usr/sbin/runuser", "-u", USER, "--"));
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(List.of("-cp", String.join(File.pathSeparator, entries), main.getName()));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
    builder.environment().put("HOME", directory.toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> main.getSimpleName() + " as " + USER + ":\n" + output);
    return output;
  }

  private static String run(List<String> argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + ": " + output);
    }
    return output;
  }

  /** Deletes a tree the other user made (as root). */
  public static void delete(Path directory) throws IOException, InterruptedException {
    if (Files.exists(directory)) {
      run(List.of("rm", "-rf", directory.toString()));
    }
  }
}
