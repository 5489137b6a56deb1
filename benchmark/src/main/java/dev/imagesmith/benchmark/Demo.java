package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo project (examples/hello) built by a real Maven with the plugin just built: cold, again
 * without a change, and after a one-line change to one C source.
 */
final class Demo {
  private static final Pattern LAYERS =
      Pattern.compile("Layers: ([0-9]+) compressed, ([0-9]+) reused");

  /** One build: Maven's wall time, the plugin's own time, and what it compressed. */
  record Build(
      String name, double mavenSeconds, double pluginSeconds, int compressed, int reused) {}

  private final MavenRun maven;
  private final Path work;

  /**
   * @param maven how to run Maven; the demo's builds run it online: the cold build's debian step
   *     downloads the C runtime's packages into the fresh cache
   */
  Demo(MavenRun maven, Path work) {
    this.maven = maven.online();
    this.work = work;
  }

  List<Build> run() throws Exception {
    Path demo = work.resolve("demo");
    Path cache = work.resolve("demo-cache");
    HostFiles.deleteTree(demo);
    HostFiles.deleteTree(cache);
    Shell.exec(
        "cp", "-a", maven.repository().resolve("examples/hello").toString(), demo.toString());
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
    MavenRun.Build build =
        maven.run(
            "demo " + name,
            demo,
            work.resolve("demo-" + name.replace(' ', '-') + ".log"),
            List.of("-Dimage.cacheDirectory=" + cache),
            "package");
    Matcher layers = LAYERS.matcher(build.output());
    if (!layers.find()) {
      throw new IOException("demo " + name + ": no timing lines in " + build.log());
    }
    return new Build(
        name,
        build.seconds(),
        build.pluginSeconds(),
        Integer.parseInt(layers.group(1)),
        Integer.parseInt(layers.group(2)));
  }

  /**
   * The demo's builds, its targets, and its push to a local registry ({@code push} null when not
   * measured).
   */
  static void report(List<Build> demo, LocalPush.Result push) {
    if (!demo.isEmpty()) {
      System.out.println();
      System.out.println("Demo project (examples/hello), a real Maven each time:");
      for (Build build : demo) {
        System.out.println(
            String.format(
                Locale.ROOT,
                "  %-26s mvn %6.2f s, image:build %6.2f s, layers compressed %d, reused %d",
                build.name(),
                build.mavenSeconds(),
                build.pluginSeconds(),
                build.compressed(),
                build.reused()));
      }
      Build cold = demo.get(0);
      Build again = demo.get(1);
      Build changed = demo.get(2);
      Report.target(
          "no-change rebuild under 10% of the cold build (image:build time)",
          again.pluginSeconds() / cold.pluginSeconds(), 0.10, true);
      System.out.println(
          (again.compressed() == 0 ? "PASS" : "FAIL")
              + "  no-change rebuild compresses nothing ("
              + again.compressed()
              + " layers compressed)");
      System.out.println(
          (changed.compressed() == 1 ? "PASS" : "FAIL")
              + "  one-file change recompresses only the layer holding it ("
              + changed.compressed()
              + " compressed, "
              + changed.reused()
              + " reused)");
    }
    if (push == null) {
      System.out.println(
          "(not measured) push to a local docker-registry: needs the demo image (no --no-demo)"
              + " and /usr/bin/docker-registry");
    } else {
      System.out.println();
      System.out.println("Push of the demo image to a local docker-registry (image:push's code):");
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-26s %6.2f s, %d blobs uploaded, %d present",
              "into an empty registry",
              push.coldSeconds(),
              push.cold().uploaded(),
              push.cold().present()));
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-26s %6.2f s, %d blobs uploaded, %d present",
              "again, nothing new",
              push.againSeconds(),
              push.again().uploaded(),
              push.again().present()));
    }
  }
}
