package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo project (examples/hello) built by a real Maven with the plugin just built: cold, again
 * without a change, and after a one-line change to one C source.
 */
final class Demo {
  private static final Pattern BUILT = Pattern.compile("Image built in ([0-9.]+) s");
  private static final Pattern LAYERS =
      Pattern.compile("Layers: ([0-9]+) compressed, ([0-9]+) reused");

  /** One build: Maven's wall time, the plugin's own time, and what it compressed. */
  record Build(
      String name, double mavenSeconds, double pluginSeconds, int compressed, int reused) {}

  private final Path repository;
  private final Path work;
  private final List<String> mavenArgs;

  /**
   * @param repository the checkout (for mvnw and examples/hello)
   * @param mavenArgs extra Maven arguments: the local repository holding the plugin just built
   */
  Demo(Path repository, Path work, List<String> mavenArgs) {
    this.repository = repository;
    this.work = work;
    this.mavenArgs = mavenArgs;
  }

  List<Build> run() throws Exception {
    Path demo = work.resolve("demo");
    Path cache = work.resolve("demo-cache");
    HostFiles.deleteTree(demo);
    HostFiles.deleteTree(cache);
    new ProcessBuilder("cp", "-a", repository.resolve("examples/hello").toString(), demo.toString())
        .start()
        .waitFor();
    // As a fresh checkout has it: a lock file or target/ left by a build of the checkout would make
    // the "cold" build skip the package index (the demo does not commit its lock).
    HostFiles.deleteTree(demo.resolve("image-debian.lock"));
    HostFiles.deleteTree(demo.resolve("target"));
    List<Build> builds = new ArrayList<>();
    builds.add(build("cold build", demo, cache));
    builds.add(build("no-change rebuild", demo, cache));
    // A change that reaches the program's bytes (a comment would compile to the same binary, and
    // the layer cache would rightly reuse its layer).
    Path source = demo.resolve("src/native/greet.c");
    Files.writeString(source, Files.readString(source).replace("Hello from", "Hello again from"));
    builds.add(build("one-file-change rebuild", demo, cache));
    return builds;
  }

  private Build build(String name, Path demo, Path cache) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repository.resolve("mvnw").toString());
    command.add("-B");
    // Never offline: the cold build's debian step downloads the C runtime's packages into the fresh
    // cache (Maven's -o would make the plugin offline too).
    mavenArgs.stream()
        .filter(arg -> !arg.equals("-o") && !arg.equals("--offline"))
        .forEach(command::add);
    command.add("-Dimage.cacheDirectory=" + cache);
    command.add("-f");
    command.add(demo.resolve("pom.xml").toString());
    command.add("package");
    Path log = work.resolve("demo-" + name.replace(' ', '-') + ".log");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (exit != 0) {
      throw new IOException("demo " + name + " failed (exit " + exit + "); see " + log);
    }
    Matcher built = BUILT.matcher(output);
    Matcher layers = LAYERS.matcher(output);
    if (!built.find() || !layers.find()) {
      throw new IOException("demo " + name + ": no timing lines in " + log);
    }
    return new Build(
        name,
        seconds,
        Double.parseDouble(built.group(1)),
        Integer.parseInt(layers.group(1)),
        Integer.parseInt(layers.group(2)));
  }
}
