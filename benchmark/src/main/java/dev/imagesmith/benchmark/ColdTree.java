package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Issue 15's whole cold path: a real {@code mvn package} of a project whose one stage copies a ~384
 * MB tree (one {@code copy} step, one layer, the caches on and empty), against {@code tar c | pigz
 * -6} and {@code tar c | gzip -6} of the same tree in the same run, with Maven's own start (the
 * same project with {@code -Dimage.skip}) subtracted; then a no-change rebuild against that cold
 * build. Each figure is the median of the rounds, the rounds interleaved so that a burst of load on
 * the shared machine hits every contender alike.
 */
final class ColdTree {
  /** The tree's scale for {@link TreeGenerator}: 1.0 is ~202 MB, this ~384 MB. */
  static final double SCALE = 1.9;

  /**
   * One round's figures, in seconds: wall time of the whole command, and CPU time (user + system)
   * where named so. {@code coldZstd} is the same cold build with zstd layers, for the record.
   */
  record Round(
      double pigz,
      double pigzCpu,
      double gzip,
      double mavenStart,
      double mavenStartCpu,
      double cold,
      double coldCpu,
      double coldPlugin,
      double again,
      double againPlugin,
      double coldZstd) {
    /** The round as the benchmark says it while it runs. */
    String line(int round) {
      return String.format(
          Locale.ROOT,
          "  round %d: pigz %.2f s (CPU %.2f s), gzip %.2f s, Maven start %.2f s (CPU %.2f s),"
              + " cold mvn %.2f s (CPU %.2f s, image:build %.2f s), no-change mvn %.2f s"
              + " (image:build %.2f s), cold mvn with zstd layers %.2f s",
          round,
          pigz,
          pigzCpu,
          gzip,
          mavenStart,
          mavenStartCpu,
          cold,
          coldCpu,
          coldPlugin,
          again,
          againPlugin,
          coldZstd);
    }
  }

  /** The rounds and what every build must agree on. */
  record Result(
      List<Round> rounds,
      long treeBytes,
      List<String> digests,
      List<String> zstdDigests,
      String load,
      int cores) {}

  private final MavenRun maven;
  private final Path work;
  private final int rounds;

  ColdTree(MavenRun maven, Path work, int rounds) {
    this.maven = maven;
    this.work = work;
    this.rounds = rounds;
  }

  Result run() throws Exception {
    Path project = work.resolve("cold-tree");
    Path tree = project.resolve("src/tree");
    Report.say("Cold path: generating the ~384 MB tree (once; kept in " + tree + ")...");
    Files.createDirectories(tree);
    TreeGenerator.ensure(tree.resolve("data"), SCALE);
    writePom(project);
    long bytes =
        Long.parseLong(Shell.run("du -sb --apparent-size '" + tree + "' | cut -f1").trim());
    // The page cache warm for every contender.
    Shell.run("tar -C '" + tree + "' -cf - . > /dev/null");
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    Report.say("  load before measuring: " + load);
    Path cache = work.resolve("cold-tree-cache");
    List<Round> measured = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    List<String> zstdDigests = new ArrayList<>();
    // One unmeasured build first: Maven resolves the plugin and the JDK's file cache is warm.
    HostFiles.deleteTree(project.resolve("target"));
    HostFiles.deleteTree(cache);
    maven(project, cache, "warm-up", "package");
    for (int round = 1; round <= rounds; round++) {
      Shell.Timed pigz = Shell.tarTimed(tree, "pigz -6", work.resolve("cold-tree.tar.pigz.gz"));
      double gzip = Shell.tarInto(tree, "gzip -6", work.resolve("cold-tree.tar.gz"));
      Build start = maven(project, cache, "maven-start", "package", "-Dimage.skip=true");
      HostFiles.deleteTree(project.resolve("target"));
      HostFiles.deleteTree(cache);
      Build cold = maven(project, cache, "cold", "package");
      digests.add(cold.digest);
      Build again = maven(project, cache, "no-change", "package");
      digests.add(again.digest);
      // The same cold build with zstd layers: what the compressor, not the rest, costs.
      HostFiles.deleteTree(project.resolve("target"));
      HostFiles.deleteTree(cache);
      Build zstd = maven(project, cache, "cold-zstd", "package", "-Dimage.compression=zstd");
      zstdDigests.add(zstd.digest);
      Round figures =
          new Round(
              pigz.wall(),
              pigz.cpu(),
              gzip,
              start.wall,
              start.cpu,
              cold.wall,
              cold.cpu,
              cold.plugin,
              again.wall,
              again.plugin,
              zstd.wall);
      measured.add(figures);
      Report.say(figures.line(round));
    }
    return new Result(
        measured, bytes, digests, zstdDigests, load, Runtime.getRuntime().availableProcessors());
  }

  private record Build(double wall, double cpu, double plugin, String digest) {}

  private Build maven(Path project, Path cache, String name, String... goals)
      throws IOException, InterruptedException {
    MavenRun.Build build =
        maven.run(
            "cold tree, " + name,
            project,
            work.resolve("cold-tree-" + name + ".log"),
            List.of("-Dimage.cacheDirectory=" + cache),
            goals);
    // Maven's start alone (-Dimage.skip) builds no image: no time of its own, no digest.
    if (!build.imageBuilt()) {
      return new Build(build.seconds(), build.cpuSeconds(), 0, null);
    }
    return new Build(
        build.seconds(), build.cpuSeconds(), build.pluginSeconds(), MavenRun.digest(project));
  }

  /** The figures as medians over the rounds, as ratios to the same run's references. */
  static void report(Result result) {
    List<Round> rounds = result.rounds();
    double pigz = median(rounds, Round::pigz);
    double gzip = median(rounds, Round::gzip);
    double start = median(rounds, Round::mavenStart);
    double cold = median(rounds, r -> r.cold() - r.mavenStart());
    double coldPlugin = median(rounds, Round::coldPlugin);
    double again = median(rounds, r -> r.again() - r.mavenStart());
    double againPlugin = median(rounds, Round::againPlugin);
    System.out.println();
    System.out.println(
        String.format(
            Locale.ROOT,
            "Cold path, one copy step of a %.0f MB tree into one layer, caches on (median of %d"
                + " rounds; load when measuring began: %s):",
            result.treeBytes() / 1e6,
            rounds.size(),
            result.load()));
    System.out.println(String.format(Locale.ROOT, "  %-44s %7.2f s", "tar c | pigz -6", pigz));
    System.out.println(String.format(Locale.ROOT, "  %-44s %7.2f s", "tar c | gzip -6", gzip));
    System.out.println(
        String.format(
            Locale.ROOT, "  %-44s %7.2f s", "Maven's own start (package -Dimage.skip)", start));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-44s %7.2f s  %5.2f x pigz  %5.2f x gzip  (image:build %.2f s: %.2f x pigz)",
            "cold mvn package, Maven's start subtracted",
            cold,
            cold / pigz,
            cold / gzip,
            coldPlugin,
            coldPlugin / pigz));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-44s %7.2f s  %5.2f x the cold build  (image:build %.2f s: %.2f x)",
            "no-change rebuild, Maven's start subtracted",
            again,
            again / cold,
            againPlugin,
            againPlugin / coldPlugin));
    // The CPU and the compressor: where a wall ratio on a busy machine comes from.
    double pigzCpu = median(rounds, Round::pigzCpu);
    double coldCpu = median(rounds, r -> r.coldCpu() - r.mavenStartCpu());
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-44s %7.2f s  %5.2f x pigz's  (tar c | pigz -6: %.2f s; Maven's start: %.2f s)",
            "CPU (user+sys) of the cold build, start's out",
            coldCpu,
            coldCpu / pigzCpu,
            pigzCpu,
            median(rounds, Round::mavenStartCpu)));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-44s %7.2f s  (on %d cores: a build kept busy takes its CPU / %d at least)",
            "  of which above pigz's CPU",
            coldCpu - pigzCpu,
            result.cores(),
            result.cores()));
    double zstd = median(rounds, r -> r.coldZstd() - r.mavenStart());
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-44s %7.2f s  %5.2f x pigz  (for the record: zstd layers need containerd 1.5+)",
            "cold mvn package with zstd layers",
            zstd,
            zstd / pigz));
    // Each round's ratio, then their median: a burst of load in one round moves one ratio, not
    // the numerator of one median and the denominator of another.
    ToDoubleFunction<Round> coldToPigz = r -> (r.cold() - r.mavenStart()) / r.pigz();
    ToDoubleFunction<Round> againToCold =
        r -> (r.again() - r.mavenStart()) / (r.cold() - r.mavenStart());
    System.out.println(
        "  per round: cold "
            + ratios(rounds, coldToPigz)
            + " x pigz; no-change "
            + ratios(rounds, againToCold)
            + " x the cold build");
    boolean same = result.digests().stream().distinct().count() == 1;
    Report.target(
        "cold build within 1.5x tar c | pigz -6 (Maven's start subtracted, median of the rounds')",
        median(rounds, coldToPigz),
        1.5,
        true);
    Report.target(
        "no-change rebuild costs at most 10% of the cold build (Maven's start subtracted, median"
            + " of the rounds')",
        median(rounds, againToCold), 0.10, true);
    System.out.println(
        (same ? "PASS" : "FAIL")
            + "  every cold and no-change build gave the same digest "
            + (same ? result.digests().get(0) : result.digests()));
    boolean sameZstd = result.zstdDigests().stream().distinct().count() == 1;
    System.out.println(
        (sameZstd ? "PASS" : "FAIL")
            + "  every cold build with zstd layers gave the same digest "
            + (sameZstd ? result.zstdDigests().get(0) : result.zstdDigests()));
  }

  private static String ratios(List<Round> rounds, ToDoubleFunction<Round> figure) {
    List<String> each = new ArrayList<>();
    for (Round round : rounds) {
      each.add(String.format(Locale.ROOT, "%.2f", figure.applyAsDouble(round)));
    }
    return String.join(" / ", each);
  }

  static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    List<Double> values = new ArrayList<>();
    for (Round round : rounds) {
      values.add(figure.applyAsDouble(round));
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  private static void writePom(Path project) throws IOException {
    ProjectPom.write(
        project,
        "dev.imagesmith.benchmark",
        "cold-tree",
        """
        <from>scratch</from>
        <stages>
          <stage>
            <name>app</name>
            <steps>
              <copy><source>src/tree/data</source><target>/app</target></copy>
            </steps>
            <!-- The layer holds the whole tree, the bytes tar reads: nothing pruned. -->
            <prune><docs>false</docs></prune>
          </stage>
        </stages>
        <layers><layer><stage>app</stage><path>/app</path></layer></layers>
        <to><image>bench/cold-tree:1</image></to>
        """);
  }
}
