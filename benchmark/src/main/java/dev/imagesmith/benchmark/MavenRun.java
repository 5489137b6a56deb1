package dev.imagesmith.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every Maven scenario runs a build: the checkout's {@code mvnw} in batch mode with the
 * benchmark's Maven arguments (the local repository holding the plugin just built), the output in a
 * log file, the wall time of the whole command, and what {@code image:build} printed.
 */
final class MavenRun {
  private static final Pattern BUILT = Pattern.compile("Image built in ([0-9.]+) s");

  private final Path repository;
  private final List<String> mavenArgs;
  private final Map<String, String> environment;

  /**
   * @param repository the checkout (for mvnw and the examples)
   * @param mavenArgs extra Maven arguments: the local repository holding the plugin just built
   */
  MavenRun(Path repository, List<String> mavenArgs) {
    this(repository, mavenArgs, Map.of());
  }

  private MavenRun(Path repository, List<String> mavenArgs, Map<String, String> environment) {
    this.repository = repository;
    this.mavenArgs = List.copyOf(mavenArgs);
    this.environment = Map.copyOf(environment);
  }

  /** The same with {@code MAVEN_OPTS} set (for Maven's JVM: an agent, say). */
  MavenRun withMavenOpts(String mavenOpts) {
    return new MavenRun(repository, mavenArgs, Map.of("MAVEN_OPTS", mavenOpts));
  }

  /** The checkout. */
  Path repository() {
    return repository;
  }

  /**
   * The same without Maven's {@code -o}: for a build that must reach the network or the shared
   * cache (Maven's offline mode makes the plugin offline too).
   */
  MavenRun online() {
    return new MavenRun(
        repository,
        mavenArgs.stream().filter(arg -> !arg.equals("-o") && !arg.equals("--offline")).toList(),
        environment);
  }

  /**
   * Runs {@code mvnw -B <maven args> <arguments> -f <project>/pom.xml <goals>}, its output into
   * {@code log}.
   *
   * @param what the build's name in an error, such as {@code demo cold build}
   * @throws IOException naming the log when Maven fails
   */
  Build run(String what, Path project, Path log, List<String> arguments, String... goals)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repository.resolve("mvnw").toString());
    command.add("-B");
    command.addAll(mavenArgs);
    command.addAll(arguments);
    command.add("-f");
    command.add(project.resolve("pom.xml").toString());
    command.addAll(List.of(goals));
    double cpu = ChildCpu.seconds();
    long started = System.nanoTime();
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    int exit = process.waitFor();
    double seconds = Shell.secondsSince(started);
    double cpuSeconds = ChildCpu.seconds() - cpu;
    if (exit != 0) {
      throw new IOException(what + " failed (exit " + exit + "); see " + log);
    }
    return new Build(what, seconds, cpuSeconds, Files.readString(log, StandardCharsets.UTF_8), log);
  }

  /** The image digest a build of {@code project} wrote. */
  static String digest(Path project) throws IOException {
    return Files.readString(project.resolve("target/image/digest"), StandardCharsets.UTF_8).trim();
  }

  /**
   * One finished build: its wall time and its CPU time (user + system, Maven and whatever it ran)
   * in seconds, what it printed and where.
   */
  record Build(String what, double seconds, double cpuSeconds, String output, Path log) {
    /** Whether image:build ran (and printed its time), not skipped. */
    boolean imageBuilt() {
      return BUILT.matcher(output).find();
    }

    /** image:build's own time, from its {@code Image built in} line. */
    double pluginSeconds() throws IOException {
      Matcher built = BUILT.matcher(output);
      if (!built.find()) {
        throw new IOException(what + ": no timing line in " + log);
      }
      return Double.parseDouble(built.group(1));
    }
  }
}
