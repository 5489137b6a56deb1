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
 * Issue 15's incremental case: a C project of 80 files built by the host's make in an incremental
 * builder stage, cold (every file compiled), after a change to one file (on the kept tree: that
 * file compiled, the program linked again) and from scratch with {@code -Dimage.incremental=false}
 * on the same inputs, which must give the same digest. The target: the one-file change within 25%
 * of the cold build, in the plugin's own time.
 */
final class IncrementalC {
  static final int FILES = 80;

  private static final Pattern COMPILED = Pattern.compile("\\| (cc .* -c -o \\S+ \\S+)");

  /** One build: Maven's wall time, the plugin's, the digest and the compile lines make printed. */
  record Build(
      String name,
      double mavenSeconds,
      double pluginSeconds,
      String digest,
      List<String> compiled) {}

  private final MavenRun maven;
  private final Path work;

  IncrementalC(MavenRun maven, Path work) {
    this.maven = maven;
    this.work = work;
  }

  List<Build> run() throws Exception {
    Path project = work.resolve("incremental-c");
    Path cache = work.resolve("incremental-c-cache");
    HostFiles.deleteTree(project);
    HostFiles.deleteTree(cache);
    generate(project);
    List<Build> builds = new ArrayList<>();
    builds.add(build("cold build", project, cache));
    // A change that reaches the program's bytes, in the middle of the project.
    Path changed = project.resolve("src/c/unit40.c");
    Files.writeString(changed, Files.readString(changed).replace("+ 40;", "+ 41;"));
    builds.add(build("one-file change", project, cache));
    builds.add(build("same inputs, from scratch", project, cache, "-Dimage.incremental=false"));
    return builds;
  }

  /** 80 translation units of some weight (loops the optimiser works on), a main, a Makefile. */
  private static void generate(Path project) throws IOException {
    Path src = Files.createDirectories(project.resolve("src/c"));
    StringBuilder declarations = new StringBuilder();
    StringBuilder calls = new StringBuilder();
    for (int unit = 0; unit < FILES; unit++) {
      StringBuilder c = new StringBuilder("#include <stdint.h>\n\n");
      for (int f = 0; f < 24; f++) {
        c.append(
            String.format(
                Locale.ROOT,
                "static uint64_t u%d_f%d(uint64_t x) {\n"
                    + "  uint64_t h = x ^ %dULL;\n"
                    + "  for (int i = 0; i < 64; i++) {\n"
                    + "    h = (h << 7 | h >> 57) * 0x9e3779b97f4a7c15ULL + (uint64_t) i;\n"
                    + "    if (h %% %d == 0) h ^= h >> 13; else h += (h >> %d) * %d;\n"
                    + "  }\n"
                    + "  switch (h & 7) {\n"
                    + "  case 0: return h * 3; case 1: return h ^ 0xff; case 2: return h >> 3;\n"
                    + "  case 3: return h + %d; case 4: return ~h; case 5: return h * h;\n"
                    + "  default: return h - 1;\n"
                    + "  }\n"
                    + "}\n\n",
                unit,
                f,
                unit * 31 + f,
                f + 3,
                f % 11 + 1,
                f + 5,
                unit));
      }
      c.append(String.format(Locale.ROOT, "uint64_t unit%d(uint64_t x) {\n  return ", unit));
      for (int f = 0; f < 24; f++) {
        c.append(String.format(Locale.ROOT, "u%d_f%d(x) + ", unit, f));
      }
      c.append(unit).append(";\n}\n");
      Files.writeString(src.resolve("unit" + unit + ".c"), c.toString());
      declarations.append(String.format(Locale.ROOT, "uint64_t unit%d(uint64_t);\n", unit));
      calls.append(String.format(Locale.ROOT, "  sum += unit%d(%d);\n", unit, unit));
    }
    Files.writeString(
        src.resolve("main.c"),
        "#include <stdint.h>\n#include <stdio.h>\n\n"
            + declarations
            + "\nint main(void) {\n  uint64_t sum = 0;\n"
            + calls
            + "  printf(\"%llu\\n\", (unsigned long long) sum);\n  return 0;\n}\n");
    Files.writeString(
        src.resolve("Makefile"),
        "CFLAGS = -O2\n"
            + "OBJECTS = main.o $(patsubst %.c,%.o,$(wildcard unit*.c))\n\n"
            + "hello: $(OBJECTS)\n\t$(CC) -o $@ $(OBJECTS)\n\n"
            + "%.o: %.c\n\t$(CC) $(CFLAGS) -c -o $@ $<\n\n"
            + "install: hello\n\tmkdir -p $(DESTDIR)$(PREFIX)/bin\n"
            + "\tcp hello $(DESTDIR)$(PREFIX)/bin/hello\n");
    ProjectPom.write(
        project,
        "dev.imagesmith.benchmark",
        "incremental-c",
        """
        <from>scratch</from>
        <checkLibraries>false</checkLibraries>
        <stages>
          <stage>
            <name>builder</name>
            <incremental>true</incremental>
            <steps>
              <copy><source>src/c</source><target>/src</target></copy>
              <run><command>make -j2 -C "$STAGE_ROOT/src" install DESTDIR="$STAGE_ROOT" PREFIX=/install</command></run>
            </steps>
          </stage>
        </stages>
        <layers><layer><stage>builder</stage><path>/install</path></layer></layers>
        <to><image>bench/incremental-c:1</image></to>
        """);
  }

  private Build build(String name, Path project, Path cache, String... extra)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>();
    arguments.add("-Dimage.cacheDirectory=" + cache);
    arguments.addAll(List.of(extra));
    MavenRun.Build build =
        maven.run(
            "incremental C project, " + name,
            project,
            work.resolve("incremental-c-" + name.replaceAll("[^a-z]+", "-") + ".log"),
            arguments,
            "package");
    List<String> compiled = new ArrayList<>();
    Matcher compile = COMPILED.matcher(build.output());
    while (compile.find()) {
      compiled.add(compile.group(1));
    }
    return new Build(
        name, build.seconds(), build.pluginSeconds(), MavenRun.digest(project), compiled);
  }

  /** The figures, the one-file change as a ratio to the cold build, and the targets. */
  static void report(List<Build> builds) {
    System.out.println();
    System.out.println(
        "Incremental stage, C project of " + FILES + " files + main.c (host make -j2):");
    for (Build build : builds) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-26s mvn package %6.1f s   image:build %6.2f s   %3d files compiled   %s",
              build.name(),
              build.mavenSeconds(),
              build.pluginSeconds(),
              build.compiled().size(),
              build.digest()));
    }
    Build cold = builds.get(0);
    Build change = builds.get(1);
    Build scratch = builds.get(2);
    System.out.println("  make's compile lines in the one-file change:");
    change.compiled().forEach(line -> System.out.println("    " + line));
    double ratio = change.pluginSeconds() / cold.pluginSeconds();
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %s one-file change %.2f × the cold build (image:build; target at most 0.25;"
                + " mvn package: %.2f ×)",
            ratio <= 0.25 ? "PASS" : "FAIL",
            ratio,
            change.mavenSeconds() / cold.mavenSeconds()));
    System.out.println(
        "  "
            + (change.compiled().size() == 1 ? "PASS" : "FAIL")
            + " one file compiled on the kept tree");
    System.out.println(
        "  "
            + (change.digest().equals(scratch.digest()) ? "PASS" : "FAIL")
            + " the same digest as from scratch with -Dimage.incremental=false");
  }
}
