package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
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
}
