package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code benchmark/run --profile}: where the cold path's CPU goes. The cold build is CPU-bound on a
 * small machine (its wall time is its CPU time over the cores), so its ratio to {@code tar c |
 * pigz} is decided by how much CPU it spends besides compressing. One more cold build of the
 * cold-path project, and Maven's start alone, each under async-profiler (CPU samples every
 * millisecond, by thread), printed as seconds of CPU per group of threads, and {@code main}'s by
 * phase.
 */
final class ColdProfile {
  private static final String JIT = "the JIT compilers (C1, C2)";

  /** Samples are taken every millisecond of a thread's CPU. */
  private static final double SAMPLES_PER_SECOND = 1000;

  /** {@code main}'s phases: the first frame of a sample naming one of these is its phase. */
  private static final Map<String, String> MAIN_PHASES = phases();

  /** CPU seconds by group, for the cold build and for Maven's start alone. */
  record Result(Map<String, Double> build, Map<String, Double> start, Map<String, Double> main) {}

  private final MavenRun maven;
  private final Path work;
  private final Path agent;

  /**
   * @param agent async-profiler's {@code libasyncProfiler.so}
   */
  ColdProfile(MavenRun maven, Path work, Path agent) {
    this.maven = maven;
    this.work = work;
    this.agent = agent;
  }

  /** The agent {@code benchmark/run} unpacked (the benchmark's pom), or an error saying where. */
  static Path agent(Path repository) {
    Path agent =
        repository.resolve("benchmark/target/async-profiler/linux-x64/libasyncProfiler.so");
    if (!Files.isRegularFile(agent)) {
      throw new IllegalArgumentException(
          "--profile needs async-profiler's agent at "
              + agent
              + " (benchmark/run unpacks it on linux-x64 only)");
    }
    return agent;
  }

  /** Profiles Maven's start, then a cold build, of the project {@link ColdTree} made. */
  Result run() throws IOException, InterruptedException {
    Path project = work.resolve("cold-tree");
    Path cache = work.resolve("cold-tree-cache");
    Report.say("Profile: Maven's start, then a cold build, under async-profiler...");
    Map<String, Double> start = byThread(profiled(project, cache, "start", "-Dimage.skip=true"));
    HostFiles.deleteTree(project.resolve("target"));
    HostFiles.deleteTree(cache);
    List<String> samples = profiled(project, cache, "cold");
    return new Result(byThread(samples), start, mainByPhase(samples));
  }

  private List<String> profiled(Path project, Path cache, String name, String... arguments)
      throws IOException, InterruptedException {
    Path collapsed = work.resolve("cold-tree-profile-" + name + ".collapsed");
    Files.deleteIfExists(collapsed);
    String opts =
        "-agentpath:" + agent + "=start,event=cpu,interval=1ms,threads,collapsed,file=" + collapsed;
    List<String> args = new ArrayList<>(List.of("-Dimage.cacheDirectory=" + cache));
    args.addAll(List.of(arguments));
    Path log = work.resolve("cold-tree-profile-" + name + ".log");
    maven.withMavenOpts(opts).run("profiled " + name, project, log, args, "package");
    if (!Files.isRegularFile(collapsed) || Files.size(collapsed) == 0) {
      throw new IOException(
          "async-profiler wrote no samples for the " + name + " build; see " + log);
    }
    return Files.readAllLines(collapsed);
  }

  /** A collapsed stack's count, the number after its last space. */
  private static long count(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static Map<String, Double> byThread(List<String> samples) {
    Map<String, Double> groups = new TreeMap<>();
    for (String line : samples) {
      // The first frame is the thread: "[imagesmith-deflate tid=1234]".
      String thread = line.substring(1, Math.max(1, line.indexOf(" tid=")));
      groups.merge(group(thread), count(line) / SAMPLES_PER_SECOND, Double::sum);
    }
    return groups;
  }

  private static String group(String thread) {
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return JIT;
    }
    if (thread.startsWith("GC ") || thread.startsWith("G1 ")) {
      return "the garbage collector";
    }
    if (thread.equals("main") || thread.startsWith("imagesmith-")) {
      // Several threads of one pool share a name.
      return thread;
    }
    return "other JVM threads";
  }

  private static Map<String, Double> mainByPhase(List<String> samples) {
    Map<String, Double> phases = new LinkedHashMap<>();
    for (String phase : MAIN_PHASES.values()) {
      phases.put(phase, 0.0);
    }
    phases.put("the rest of image:build", 0.0);
    phases.put("Maven (not image:build)", 0.0);
    for (String line : samples) {
      if (!line.startsWith("[main ")) {
        continue;
      }
      phases.merge(phaseOf(line), count(line) / SAMPLES_PER_SECOND, Double::sum);
    }
    return phases;
  }

  private static String phaseOf(String line) {
    for (String frame : line.split(";")) {
      for (Map.Entry<String, String> phase : MAIN_PHASES.entrySet()) {
        if (frame.contains(phase.getKey())) {
          return phase.getValue();
        }
      }
    }
    return line.contains("dev/imagesmith/maven/BuildMojo")
        ? "the rest of image:build"
        : "Maven (not image:build)";
  }

  private static Map<String, String> phases() {
    Map<String, String> phases = new LinkedHashMap<>();
    phases.put("pipeline/StageBuilder.buildAll", "the stages (copy, prune, keys, stage cache)");
    phases.put("layer/LayerWriter.write", "the layers (plan, key, tar stream and its SHA-256)");
    phases.put("pipeline/ImageBuilder.check", "the checks");
    phases.put("pipeline/ImageOutputs", "the outputs");
    return phases;
  }

  /**
   * @param pigzCpu the CPU of {@code tar c | pigz -6} on the same tree, in the same run: the
   *     budget's reference
   */
  static void report(Result result, double pigzCpu) {
    System.out.println();
    System.out.println(
        "Where the cold build's CPU goes (async-profiler, one cold build and Maven's start alone;"
            + " seconds of CPU, sampled):");
    System.out.println(
        String.format(
            Locale.ROOT, "  %-48s %10s %15s %8s", "thread", "cold build", "Maven's start", "ours"));
    double build = 0;
    double start = 0;
    for (Map.Entry<String, Double> group : result.build().entrySet()) {
      double before = result.start().getOrDefault(group.getKey(), 0.0);
      build += group.getValue();
      start += before;
      if (group.getValue() < 0.01) {
        continue; // a thread that hardly ran (the progress lines): counted in "all", not listed
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-48s %10.2f %15.2f %8.2f",
              group.getKey(),
              group.getValue(),
              before,
              group.getValue() - before));
    }
    System.out.println(
        String.format(
            Locale.ROOT, "  %-48s %10.2f %15.2f %8.2f", "all", build, start, build - start));
    // The budget: 1.5x pigz's CPU for the whole build, of which deflate takes its share.
    double deflate = result.build().getOrDefault("imagesmith-deflate", 0.0);
    double ours = build - start;
    System.out.println(
        String.format(
            Locale.ROOT,
            "  1.5x pigz's CPU (%.2f s) leaves %.2f s beside deflate; the build spends %.2f s there,"
                + " %.2f s of it in the JIT compilers",
            pigzCpu,
            1.5 * pigzCpu - deflate,
            ours - deflate,
            result.build().getOrDefault(JIT, 0.0) - result.start().getOrDefault(JIT, 0.0)));
    System.out.println("  main, by phase of the cold build:");
    for (Map.Entry<String, Double> phase : result.main().entrySet()) {
      System.out.println(
          String.format(Locale.ROOT, "    %-52s %6.2f", phase.getKey(), phase.getValue()));
    }
  }
}
