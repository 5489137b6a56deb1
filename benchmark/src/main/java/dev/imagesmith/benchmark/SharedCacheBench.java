package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 16's figure: two runners of a fleet and a shared cache in a local docker-registry. The
 * project's builder stage compiles a generated C program (twelve units, a few seconds of compiler
 * time each); runner A builds it cold and pushes the stage, runner B (another checkout, in another
 * directory, with an empty user cache) builds the same commit and restores the stage instead.
 * Reported: both runners' {@code mvn package} and {@code image:build} times, B's as a fraction of
 * A's, and whether both built the same digest.
 */
final class SharedCacheBench {
  private static final int UNITS = 12;

  /** One runner's build, with what Maven printed. */
  record Build(
      String name, double mavenSeconds, double pluginSeconds, String digest, String output) {}

  private final MavenRun maven;
  private final Path work;

  /** Never offline: an offline build leaves the shared cache alone. */
  SharedCacheBench(MavenRun maven, Path work) {
    this.maven = maven.online();
    this.work = work;
  }

  List<Build> run() throws Exception {
    Path root = work.resolve("shared-cache");
    HostFiles.deleteTree(root);
    Path checkoutA = root.resolve("runner-a/builds/project");
    Path checkoutB = root.resolve("runner-b/somewhere/else/checkout");
    writeProject(checkoutA);
    writeProject(checkoutB);
    List<Build> builds = new ArrayList<>();
    try (LocalRegistry registry = LocalRegistry.start(root.resolve("registry"))) {
      String cache = registry.address() + "/bench/shared-cache";
      builds.add(
          build("runner A (cold, pushes)", checkoutA, root.resolve("runner-a/cache"), cache, true));
      builds.add(
          build(
              "runner B (cold, restores)",
              checkoutB,
              root.resolve("runner-b/cache"),
              cache,
              false));
    }
    if (!builds.get(1).output().contains("restored from the shared cache")) {
      throw new IOException("runner B did not restore the stage; see " + root);
    }
    return builds;
  }

  private Build build(String name, Path checkout, Path cache, String shared, boolean push)
      throws IOException, InterruptedException {
    MavenRun.Build build =
        maven.run(
            name,
            checkout,
            checkout.resolve("build.log"),
            List.of(
                "-Dimage.cacheDirectory=" + cache,
                "-Dimage.sharedCache=" + shared,
                "-Dimage.sharedCache.push=" + push),
            "package");
    return new Build(
        name, build.seconds(), build.pluginSeconds(), MavenRun.digest(checkout), build.output());
  }

  /** The project: a builder stage that compiles {@link #UNITS} generated units with make. */
  private static void writeProject(Path checkout) throws IOException {
    Path src = Files.createDirectories(checkout.resolve("src"));
    StringBuilder objects = new StringBuilder();
    StringBuilder main = new StringBuilder("#include <stdint.h>\n#include <stdio.h>\n");
    StringBuilder calls = new StringBuilder();
    for (int unit = 0; unit < UNITS; unit++) {
      StringBuilder code = new StringBuilder("#include <stdint.h>\n");
      for (int f = 0; f < 60; f++) {
        code.append("uint64_t f")
            .append(unit)
            .append('_')
            .append(f)
            .append("(uint64_t x) {\n  uint64_t a = x;\n");
        for (int k = 0; k < 20; k++) {
          code.append(
              String.format(
                  Locale.ROOT,
                  "  for (int k = 0; k < %d; k++) a = a * %du + (a >> %d) ^ (uint64_t)%d;%n",
                  k + 3,
                  2 * k + 3,
                  k % 13 + 1,
                  f * k + 7));
        }
        code.append("  return a;\n}\n");
      }
      Files.writeString(src.resolve("unit" + unit + ".c"), code);
      objects.append(" unit").append(unit).append(".o");
      main.append("uint64_t f").append(unit).append("_0(uint64_t);\n");
      calls.append("  x = f").append(unit).append("_0(x);\n");
    }
    main.append("int main(void) {\n  uint64_t x = 1;\n")
        .append(calls)
        .append("  printf(\"%llu\\n\", (unsigned long long)x);\n  return 0;\n}\n");
    Files.writeString(src.resolve("main.c"), main);
    Files.writeString(
        src.resolve("Makefile"),
        "app: main.o"
            + objects
            + "\n\t$(CC) -o $@ $^\n%.o: %.c\n\t$(CC) -O2 -c -o $@ $<\n"
            + "install: app\n\tmkdir -p $(DESTDIR)/install/bin && cp app $(DESTDIR)/install/bin/\n");
    ProjectPom.write(
        checkout,
        "dev.imagesmith.bench",
        "fleet",
        """
        <from>scratch</from>
        <checkLibraries>false</checkLibraries>
        <stages>
          <stage>
            <name>builder</name>
            <steps>
              <copy><source>src</source><target>/src</target></copy>
              <run><command>make -j2 -C "$STAGE_ROOT/src" install DESTDIR="$STAGE_ROOT"</command></run>
            </steps>
          </stage>
        </stages>
        <layers><layer><stage>builder</stage><path>/install</path></layer></layers>
        <to><image>bench/fleet:1</image></to>
        """);
  }

  static void report(List<Build> builds) {
    System.out.println();
    System.out.println(
        "Shared cache (issue 16): a stage compiling "
            + UNITS
            + " C units, two runners, a local docker-registry:");
    for (Build build : builds) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-26s mvn package %6.1f s   image:build %6.1f s   %s",
              build.name(),
              build.mavenSeconds(),
              build.pluginSeconds(),
              build.digest()));
    }
    Build a = builds.get(0);
    Build b = builds.get(1);
    System.out.println(
        String.format(
            Locale.ROOT,
            "  runner B / runner A: image:build %.2f, mvn package %.2f",
            b.pluginSeconds() / a.pluginSeconds(),
            b.mavenSeconds() / a.mavenSeconds()));
    System.out.println(
        "  " + (a.digest().equals(b.digest()) ? "PASS" : "FAIL") + " the same digest on both");
  }
}
