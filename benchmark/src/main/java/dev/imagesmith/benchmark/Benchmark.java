package dev.imagesmith.benchmark;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Issue 7's benchmark: one run, one tree, every contender on the same bytes, each figure printed as
 * a ratio to {@code tar c | pigz -6}. Run it with {@code benchmark/run}; see {@code --help}.
 */
public final class Benchmark {
  private static final Instant CLAMP = Instant.parse("2026-01-01T00:00:00Z");

  /** One measured contender: best wall time over the rounds, and its output size. */
  private record Figure(String name, double seconds, long bytes) {}

  private final Options options;
  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private LocalPush.Result push;
  private final List<String> checks = new ArrayList<>();

  private Benchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
      if (options.profile()) {
        // Checked before anything is measured: not an error after minutes of rounds.
        ColdProfile.agent(options.repository());
      }
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark/run: " + e.getMessage() + " (see benchmark/run --help)");
      System.exit(2);
      return;
    }
    new Benchmark(options).run();
  }

  private void run() throws Exception {
    Path work = Files.createDirectories(options.work());
    MavenRun maven = new MavenRun(options.repository(), options.mavenArgs());
    Path agent = options.profile() ? ColdProfile.agent(options.repository()) : null;
    if (options.sharedCacheOnly()) {
      SharedCacheBench.report(new SharedCacheBench(maven, work).run());
      return;
    }
    if (options.samtoolsOnly()) {
      Samtools.report(new Samtools(maven, work).run());
      return;
    }
    if (options.samtoolsChangeOnly()) {
      SamtoolsChange.report(new SamtoolsChange(maven, work).run());
      return;
    }
    if (options.incrementalOnly()) {
      IncrementalC.report(new IncrementalC(maven, work).run());
      return;
    }
    if (options.coldOnly()) {
      ColdTree.Result cold = new ColdTree(maven, work, options.rounds()).run();
      ColdProfile.Result profile = agent == null ? null : new ColdProfile(maven, work, agent).run();
      List<IncrementalC.Build> incremental =
          options.incremental() ? new IncrementalC(maven, work).run() : List.of();
      ColdTree.report(cold);
      if (profile != null) {
        ColdProfile.report(profile, ColdTree.median(cold.rounds(), ColdTree.Round::pigzCpu));
      }
      if (!incremental.isEmpty()) {
        IncrementalC.report(incremental);
      }
      return;
    }
    if (options.demoOnly()) {
      List<Demo.Build> demo = new Demo(maven, work).run();
      push = LocalPush.run(work.resolve("demo/target/image"), work);
      Demo.report(demo, push);
      return;
    }
    Path sandboxRoot = work.resolve("tree");
    Path data = sandboxRoot.resolve("data");
    if (options.givenTree() != null) {
      HostFiles.deleteTree(sandboxRoot);
      Files.createDirectories(sandboxRoot);
      Shell.exec("cp", "-a", options.givenTree().toString(), data.toString());
    } else {
      Report.say("Generating the tree (once; kept in " + sandboxRoot + ")...");
      Files.createDirectories(sandboxRoot);
      TreeGenerator.ensure(data, 1.0);
    }
    describeTree(data);
    Shell.run("tar -C '" + sandboxRoot + "' -cf - data > /dev/null"); // warm the page cache for all
    Report.say(
        String.format(
            Locale.ROOT,
            "Load before measuring: %s",
            Files.readString(Path.of("/proc/loadavg")).trim()));

    Sandbox sandbox = Sandbox.create(sandboxRoot);
    warmUp(sandbox, work);
    Path out = Files.createDirectories(work.resolve("out"));
    for (int round = 1; round <= options.rounds(); round++) {
      Report.say("Round " + round + " of " + options.rounds());
      tool("tar c | gzip -6", "gzip -6", out.resolve("tree.tar.gz"), sandboxRoot);
      tool("tar c | pigz -6", "pigz -6", out.resolve("tree.tar.pigz.gz"), sandboxRoot);
      tool("tar c | zstd -3 -T0", "zstd -3 -T0 -q", out.resolve("tree.tar.zst"), sandboxRoot);
      ours("imagesmith gzip layer (cold)", Compression.GZIP, sandbox, work, true);
      ours("imagesmith zstd layer (cold)", Compression.ZSTD, sandbox, work, true);
    }
    ours("imagesmith gzip layer (cache hit)", Compression.GZIP, sandbox, work, false);
    if (options.jib()) {
      Report.say("Jib Core FileEntriesLayer (once; it is slow)...");
      HostFiles.deleteTree(work.resolve("jib-cache"));
      HostFiles.deleteTree(work.resolve("jib-base-cache"));
      long started = System.nanoTime();
      long bytes = JibLayer.build(data, work);
      record(new Figure("Jib Core FileEntriesLayer", Shell.secondsSince(started), bytes));
    }
    List<Demo.Build> demo = options.demo() ? new Demo(maven, work).run() : List.of();
    push = options.demo() ? LocalPush.run(work.resolve("demo/target/image"), work) : null;
    List<IncrementalC.Build> incremental =
        options.incremental() ? new IncrementalC(maven, work).run() : List.of();
    ColdTree.Result cold =
        options.cold() ? new ColdTree(maven, work, options.rounds()).run() : null;
    ColdProfile.Result profile =
        cold != null && agent != null ? new ColdProfile(maven, work, agent).run() : null;
    Report.say("Push of the tree's gzip layer: image:push's code, then skopeo copy...");
    largePush = LargePush.run(lastGzipLayer, work);
    String heap = options.heap() ? heapCheck(work) : null;
    Samtools.Result samtools = options.samtools() ? new Samtools(maven, work).run() : null;
    List<SharedCacheBench.Build> shared =
        options.sharedCache() ? new SharedCacheBench(maven, work).run() : null;
    report(demo, heap);
    if (cold != null) {
      ColdTree.report(cold);
    }
    if (profile != null) {
      ColdProfile.report(profile, ColdTree.median(cold.rounds(), ColdTree.Round::pigzCpu));
    }
    if (!incremental.isEmpty()) {
      IncrementalC.report(incremental);
    }
    if (samtools != null) {
      Samtools.report(samtools);
    }
    if (shared != null) {
      SharedCacheBench.report(shared);
    }
    reportLargePush();
  }

  private void describeTree(Path data) throws IOException {
    long files = 0;
    long symlinks = 0;
    long bytes = 0;
    long multiLinkNames = 0;
    Set<Object> inodes = new HashSet<>();
    try (Stream<Path> walk = Files.walk(data)) {
      for (Path path : walk.toList()) {
        BasicFileAttributes attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
          symlinks++;
        } else if (attributes.isRegularFile()) {
          files++;
          int links = (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
          if (links > 1) {
            multiLinkNames++;
          }
          if (inodes.add(attributes.fileKey())) {
            bytes += attributes.size();
          }
        }
      }
    }
    Report.say(
        String.format(
            Locale.ROOT,
            "Tree: %s, %d file names (%d of them hardlinks of multi-link inodes), %d symlinks",
            human(bytes),
            files,
            multiLinkNames,
            symlinks));
  }

  /**
   * One layer of each compression before the rounds, so the JIT has compiled the writer (the native
   * tools need no warming). Printed, not counted: the first layer of a fresh JVM.
   */
  private void warmUp(Sandbox sandbox, Path work) throws IOException, InterruptedException {
    for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
      HostFiles.deleteTree(work.resolve("warmup"));
      long started = System.nanoTime();
      new LayerWriter(compression, CLAMP, LowerIndex.empty())
          .write(sandbox, "/data", work.resolve("warmup"));
      warmUps.add(
          String.format(
              Locale.ROOT,
              "first %s layer in a fresh JVM (JIT warming up, no cache): %.2f s",
              compression.name().toLowerCase(Locale.ROOT),
              Shell.secondsSince(started)));
      Report.say("  " + warmUps.get(warmUps.size() - 1));
    }
  }

  private final List<String> warmUps = new ArrayList<>();
  private WrittenLayer lastGzipLayer;
  private LargePush.Result largePush;

  private void tool(String name, String compressor, Path output, Path sandboxRoot)
      throws IOException, InterruptedException {
    double seconds = Shell.tarInto(sandboxRoot, compressor, output);
    record(new Figure(name, seconds, Files.size(output)));
  }

  private void ours(String name, Compression compression, Sandbox sandbox, Path work, boolean cold)
      throws IOException, InterruptedException {
    Path cache = work.resolve("layer-cache-" + compression.name().toLowerCase(Locale.ROOT));
    Path blobs = work.resolve("blobs");
    if (cold) {
      HostFiles.deleteTree(cache);
    }
    HostFiles.deleteTree(blobs);
    LayerWriter writer =
        new LayerWriter(
            compression,
            CLAMP,
            LowerIndex.empty(),
            LayerCache.open(cache, FileHashes.load(null), BuildLog.silent()));
    long started = System.nanoTime();
    WrittenLayer layer = writer.write(sandbox, "/data", blobs);
    double seconds = Shell.secondsSince(started);
    if (compression == Compression.GZIP) {
      lastGzipLayer = layer;
    }
    record(new Figure(name, seconds, layer.compressedSize()));
    verify(name, compression, layer);
  }

  /** Checks every layer with tools nobody here wrote, and that the bytes never vary. */
  private void verify(String name, Compression compression, WrittenLayer layer)
      throws IOException, InterruptedException {
    String tool = compression == Compression.GZIP ? "gzip" : "zstd";
    Shell.run(tool + " -t '" + layer.blob() + "'");
    String diffId =
        Shell.run(tool + " -dc '" + layer.blob() + "' | sha256sum").trim().split(" ")[0];
    String digest = Shell.run("sha256sum '" + layer.blob() + "'").trim().split(" ")[0];
    String check =
        String.format(
            Locale.ROOT,
            "%s: %s -t ok, decompressed sha256 %s diffID, blob sha256 %s digest",
            name,
            tool,
            diffId.equals(layer.diffId().hex()) ? "=" : "!=",
            digest.equals(layer.digest().hex()) ? "=" : "!=");
    String key = "digest " + compression;
    String previous = seen.putIfAbsent(key, layer.digest().hex());
    if (previous != null && !previous.equals(layer.digest().hex())) {
      check += "; DIGEST CHANGED between runs";
    }
    if (!checks.contains(check)) {
      checks.add(check);
    }
  }

  private final Map<String, String> seen = new LinkedHashMap<>();

  private String heapCheck(Path work) throws IOException, InterruptedException {
    Report.say("Heap check: a ~1 GB tree written as one gzip layer in a JVM with -Xmx256m...");
    Path root = work.resolve("heap-tree");
    Files.createDirectories(root);
    TreeGenerator.ensure(root.resolve("data"), 5.0);
    HostFiles.deleteTree(work.resolve("heap-cache"));
    HostFiles.deleteTree(work.resolve("heap-blobs"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String output =
        Shell.run(
            "'"
                + java
                + "' -Xmx256m -cp '"
                + System.getProperty("java.class.path")
                + "' "
                + HeapCheck.class.getName()
                + " '"
                + root
                + "' '"
                + work
                + "'");
    return output.lines().filter(l -> l.startsWith("heap-check")).findFirst().orElse(output);
  }

  private void report(List<Demo.Build> demo, String heap) {
    Figure pigz = figures.get("tar c | pigz -6");
    Figure gzip = figures.get("tar c | gzip -6");
    Figure zstd = figures.get("tar c | zstd -3 -T0");
    System.out.println();
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-36s %9s %10s %12s %10s",
            "contender (best of " + options.rounds() + ")",
            "seconds",
            "x pigz",
            "output",
            "x gzip -6"));
    for (Figure figure : figures.values()) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "%-36s %9.2f %10.2f %12s %10.3f",
              figure.name(),
              figure.seconds(),
              figure.seconds() / pigz.seconds(),
              human(figure.bytes()),
              (double) figure.bytes() / gzip.bytes()));
    }
    warmUps.forEach(System.out::println);
    System.out.println();
    checks.forEach(System.out::println);
    System.out.println();
    Figure ours = figures.get("imagesmith gzip layer (cold)");
    Figure oursZstd = figures.get("imagesmith zstd layer (cold)");
    Figure jib = figures.get("Jib Core FileEntriesLayer");
    Report.target(
        "cold gzip layer within 1.25x of tar c | pigz -6",
        ours.seconds() / pigz.seconds(),
        1.25,
        true);
    Report.target(
        "gzip layer output no more than 2% larger than gzip -6",
        (double) ours.bytes() / gzip.bytes(), 1.02, true);
    if (jib != null) {
      Report.target("at least 3x faster than Jib Core", jib.seconds() / ours.seconds(), 3.0, false);
    }
    Report.target(
        "zstd layer within 1.5x of tar c | zstd -3 -T0",
        oursZstd.seconds() / zstd.seconds(),
        1.5,
        true);
    Demo.report(demo, push);
    if (heap != null) {
      System.out.println();
      System.out.println(heap);
      long peak = parseField(heap, "peakHeap");
      System.out.println(
          (peak > 0 && peak < 256L * 1024 * 1024 ? "PASS" : "FAIL")
              + "  peak heap under 256 MB for a 1 GB tree ("
              + human(peak)
              + " at most, with -Xmx256m)");
    }
  }

  private void reportLargePush() {
    if (largePush == null) {
      System.out.println(
          "(not measured) large push: needs /usr/bin/docker-registry and /usr/bin/skopeo");
      return;
    }
    System.out.println();
    System.out.println(
        "Push of one image holding the tree's gzip layer, each into a fresh local docker-registry:");
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-36s %6.2f s  %6.1f MB/s",
            "image:push's code",
            largePush.oursSeconds(),
            largePush.bytes() / 1e6 / largePush.oursSeconds()));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-36s %6.2f s  %6.1f MB/s",
            "skopeo copy --preserve-digests",
            largePush.skopeoSeconds(),
            largePush.bytes() / 1e6 / largePush.skopeoSeconds()));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  ours / skopeo: %.2f; same manifest digest in both registries: %s",
            largePush.oursSeconds() / largePush.skopeoSeconds(),
            largePush.sameDigest() ? "yes" : "NO"));
  }

  private static long parseField(String line, String field) {
    for (String part : line.split(" ")) {
      if (part.startsWith(field + "=")) {
        return Long.parseLong(part.substring(field.length() + 1));
      }
    }
    return -1;
  }

  private void record(Figure figure) {
    Report.say(
        String.format(
            Locale.ROOT,
            "  %-36s %7.2f s  %s",
            figure.name(),
            figure.seconds(),
            human(figure.bytes())));
    figures.merge(figure.name(), figure, (a, b) -> a.seconds() <= b.seconds() ? a : b);
  }

  private static String human(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
