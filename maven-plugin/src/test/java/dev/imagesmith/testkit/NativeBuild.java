package dev.imagesmith.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles tiny C programs with the host's gcc (installed by scripts/install-deps), so the ELF
 * tests read objects a real toolchain made rather than bytes we wrote ourselves.
 */
public final class NativeBuild {
  public static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
  public static final Path HOST_LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");

  private final Path dir;

  public NativeBuild(Path dir) throws IOException {
    this.dir = dir;
    // getenv makes libgreet need libc.so.6 itself, like any real library.
    Files.writeString(
        dir.resolve("greet.c"),
        "#include <stdlib.h>\n"
            + "const char *greet(void) { const char *g = getenv(\"GREETING\");"
            + " return g ? g : \"hi\"; }\n");
    Files.writeString(
        dir.resolve("hello.c"),
        "#include <stdio.h>\nconst char *greet(void);\n"
            + "int main(void) { puts(greet()); return 0; }\n");
    Files.writeString(
        dir.resolve("static.c"), "#include <stdio.h>\nint main(void) { puts(\"s\"); return 0; }\n");
  }

  /** True on an x86-64 host with gcc and glibc where these tests' paths exist. */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/gcc"))
        && Files.exists(HOST_LIBC)
        && Files.exists(HOST_LOADER)
        && "amd64".equals(System.getProperty("os.arch"));
  }

  /** libgreet.so.1 (soname libgreet.so.1). */
  public Path library() throws IOException, InterruptedException {
    return gcc("libgreet.so.1", "-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "greet.c");
  }

  /** A program needing libgreet.so.1 and libc.so.6, with {@code -Wl,-rpath,<rpath>} if given. */
  public Path program(String name, String rpath) throws IOException, InterruptedException {
    library();
    List<String> args = new ArrayList<>(List.of("hello.c", "libgreet.so.1"));
    if (rpath != null) {
      args.add("-Wl,-rpath," + rpath);
    }
    return gcc(name, args.toArray(String[]::new));
  }

  /** A statically linked program (no interpreter, no DT_NEEDED). */
  public Path staticProgram() throws IOException, InterruptedException {
    return gcc("static", "-static", "static.c");
  }

  /**
   * Compiles {@code source} (C) into {@code output} in this build's directory with gcc {@code args}
   * ({@code -shared -fPIC}, {@code -L. -lx}, ...).
   */
  public Path compile(String output, String source, String... args)
      throws IOException, InterruptedException {
    String file = output.replaceAll("[^A-Za-z0-9]", "_") + ".c";
    Files.writeString(dir.resolve(file), source);
    List<String> all = new ArrayList<>(List.of(args));
    all.add(0, file);
    return gcc(output, all.toArray(String[]::new));
  }

  private Path gcc(String output, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("gcc", "-O0", "-o", output));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(command + " failed: " + log);
    }
    return dir.resolve(output);
  }
}
