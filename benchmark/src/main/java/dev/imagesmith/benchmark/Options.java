package dev.imagesmith.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's command line; {@code benchmark/run --help} prints it. */
record Options(
    Path repository,
    Path work,
    Path givenTree,
    int rounds,
    boolean jib,
    boolean demo,
    boolean heap,
    boolean demoOnly,
    boolean samtools,
    boolean samtoolsOnly,
    boolean samtoolsChangeOnly,
    boolean incremental,
    boolean incrementalOnly,
    boolean sharedCache,
    boolean sharedCacheOnly,
    boolean coldOnly,
    boolean cold,
    boolean profile,
    List<String> mavenArgs) {
  static Options parse(String[] args) {
    Path repository = Path.of(".").toAbsolutePath().normalize();
    Path work = null;
    Path tree = null;
    int rounds = 2;
    boolean jib = true;
    boolean demo = true;
    boolean heap = true;
    boolean demoOnly = false;
    boolean samtools = false;
    boolean samtoolsOnly = false;
    boolean samtoolsChangeOnly = false;
    boolean incremental = true;
    boolean incrementalOnly = false;
    boolean sharedCache = false;
    boolean sharedCacheOnly = false;
    boolean coldOnly = false;
    boolean cold = true;
    boolean profile = false;
    List<String> mavenArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repository" -> repository = Path.of(value(args, i++)).toAbsolutePath();
        case "--work" -> work = Path.of(value(args, i++)).toAbsolutePath();
        case "--tree" -> tree = Path.of(value(args, i++)).toAbsolutePath();
        case "--rounds" -> rounds = Math.max(1, count(args, i++));
        case "--no-jib" -> jib = false;
        case "--no-demo" -> demo = false;
        case "--no-heap" -> heap = false;
        case "--demo-only" -> demoOnly = true;
        case "--samtools" -> samtools = true;
        case "--samtools-only" -> samtoolsOnly = true;
        case "--samtools-change-only" -> samtoolsChangeOnly = true;
        case "--no-incremental" -> incremental = false;
        case "--incremental-only" -> incrementalOnly = true;
        case "--shared-cache" -> sharedCache = true;
        case "--shared-cache-only" -> sharedCacheOnly = true;
        case "--cold-only" -> coldOnly = true;
        case "--no-cold" -> cold = false;
        case "--profile" -> profile = true;
        case "--maven-arg" -> mavenArgs.add(value(args, i++));
        case "--help" -> {
          System.out.println(
              "benchmark/run [--tree DIR] [--rounds N] [--no-jib] [--no-demo] [--no-heap]"
                  + " [--demo-only] [--samtools] [--samtools-only] [--samtools-change-only]"
                  + " [--no-incremental] [--incremental-only] [--shared-cache] [--shared-cache-only]"
                  + " [--cold-only] [--no-cold] [--profile] [--work DIR]\n"
                  + "  --demo-only  only the demo builds and the push to a local registry\n"
                  + "  --samtools   also examples/samtools: cold, offline from the cache, unchanged"
                  + " (several minutes; needs the network for the cold build)\n"
                  + "  --samtools-only  only that\n"
                  + "  --samtools-change-only  only the same software from the project's sources in"
                  + " an incremental stage: cold, one samtools file changed, from scratch\n"
                  + "  --incremental-only  only the incremental stage's C project (80 files):"
                  + " cold, one-file change, from scratch\n"
                  + "  --shared-cache  also two runners sharing a compiling stage through a"
                  + " local docker-registry: runner B's time against runner A's\n"
                  + "  --shared-cache-only  only that\n"
                  + "  --cold-only  only issue 15's whole cold path: mvn package of a ~384 MB"
                  + " tree (cold, no change) against tar|pigz and tar|gzip, and the C project\n"
                  + "  --profile    after the cold path, where a cold build's CPU goes, by thread and"
                  + " by phase (async-profiler; linux-x64)\n"
                  + "  --tree DIR   measure a copy of DIR instead of the generated ~202 MB tree\n"
                  + "  --rounds N   best of N rounds for each contender (default 2)");
          System.exit(0);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (work == null) {
      work = repository.resolve("benchmark/target/bench");
    }
    return new Options(
        repository,
        work,
        tree,
        rounds,
        jib,
        demo,
        heap,
        demoOnly,
        samtools,
        samtoolsOnly,
        samtoolsChangeOnly,
        incremental,
        incrementalOnly,
        sharedCache,
        sharedCacheOnly,
        coldOnly,
        cold,
        profile,
        mavenArgs);
  }

  /** The value after option {@code args[i]}; a clear error, not an index, when there is none. */
  private static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int count(String[] args, int i) {
    String value = value(args, i);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i] + " takes a whole number, not '" + value + "'");
    }
  }
}
