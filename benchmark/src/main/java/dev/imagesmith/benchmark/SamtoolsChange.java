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
 * Issue 15's seed analog: a one-file change to htslib + samtools, as a user meets it. A variant of
 * examples/samtools whose sources are in the project (the example's two tarballs, fetched and
 * checked against the example's own SHA-256, unpacked under {@code src/}) and whose builder stage
 * is incremental: a {@code copy} step brings the sources instead of the {@code download} steps and
 * the {@code run} steps configure only once, as steps that run again on their own output must.
 * Built cold, then after a change to a string in one samtools file (offline, on the kept tree),
 * then from scratch with {@code -Dimage.incremental=false} on the same sources, which must give the
 * same digest. buildah's per-instruction cache needs 107-114 s for the same kind of change.
 */
final class SamtoolsChange {
  private static final Pattern DOWNLOAD =
      Pattern.compile(
          "\\s*<download>\\s*<url>(\\S+)</url>\\s*<sha256>(\\p{XDigit}{64})</sha256>\\s*"
              + "<target>/src/</target>\\s*</download>");

  /** {@code cd /src && tar -x?f TARBALL && cd DIR && CONFIGURE && make ...}, as the example has. */
  private static final Pattern UNPACK_AND_CONFIGURE =
      Pattern.compile(
          "cd /src &amp;&amp; tar -x.f \\S+ &amp;&amp; cd (\\S+) &amp;&amp; (.*?)"
              + " &amp;&amp; make ");

  private static final Pattern COMPILED = Pattern.compile("\\| (\\S*cc .* -c -o \\S+ \\S+\\.c)");

  /** The changed file and the string changed in it: samtools' binary must change with it. */
  static final String CHANGED_FILE = "src/samtools-1.16.1/bam_flags.c";

  private static final String CHANGED_STRING =
      "About: Convert between textual and numeric flag representation";

  /** One build: Maven's wall time, the plugin's, the digest and the compile lines make printed. */
  record Build(
      String name,
      double mavenSeconds,
      double pluginSeconds,
      String digest,
      List<String> compiled) {}

  private final MavenRun maven;
  private final Path work;

  /** Maven's own {@code -o} is dropped: the cold build needs the network, the others add it. */
  SamtoolsChange(MavenRun maven, Path work) {
    this.maven = maven.online();
    this.work = work;
  }

  List<Build> run() throws Exception {
    Path project = work.resolve("samtools-change");
    Path cache = work.resolve("samtools-change-cache");
    HostFiles.deleteTree(project);
    HostFiles.deleteTree(cache);
    Shell.exec(
        "cp", "-a", maven.repository().resolve("examples/samtools").toString(), project.toString());
    HostFiles.deleteTree(project.resolve("image-debian.lock"));
    HostFiles.deleteTree(project.resolve("target"));
    makeVariant(project);
    List<Build> builds = new ArrayList<>();
    builds.add(build("cold build (network)", project, cache, false));
    Path changed = project.resolve(CHANGED_FILE);
    String source = Files.readString(changed);
    if (!source.contains(CHANGED_STRING)) {
      throw new IOException(changed + " lacks \"" + CHANGED_STRING + "\"");
    }
    Files.writeString(changed, source.replace(CHANGED_STRING, CHANGED_STRING + " (changed)"));
    builds.add(build("one-file change", project, cache, true));
    builds.add(
        build("same sources, from scratch", project, cache, true, "-Dimage.incremental=false"));
    return builds;
  }

  /** Rewrites the example's POM into the variant and puts its sources under {@code src/}. */
  private void makeVariant(Path project) throws IOException, InterruptedException {
    String pom = Files.readString(project.resolve("pom.xml"));
    Matcher download = DOWNLOAD.matcher(pom);
    StringBuilder variant = new StringBuilder();
    int downloads = 0;
    Path src = Files.createDirectories(project.resolve("src"));
    while (download.find()) {
      unpack(download.group(1), download.group(2), src);
      download.appendReplacement(
          variant,
          downloads++ == 0
              ? "\n                <copy><source>src</source><target>/src</target></copy>"
              : "");
    }
    download.appendTail(variant);
    Matcher unpack = UNPACK_AND_CONFIGURE.matcher(variant);
    String steps =
        unpack.replaceAll(
            "cd /src/$1 &amp;&amp; { test -f config.status || { $2; }; } &amp;&amp; make ");
    String incremental =
        steps.replaceFirst(
            "\n( *)<isolation>stage</isolation>\n",
            "\n$1<isolation>stage</isolation>\n$1<incremental>true</incremental>\n");
    if (downloads != 2
        || steps.equals(variant.toString())
        || incremental.equals(steps)
        || incremental.contains("tar -x")) {
      throw new IOException(
          "examples/samtools/pom.xml no longer has the two download steps and the tar | configure"
              + " | make commands this variant rewrites; update SamtoolsChange");
    }
    Files.writeString(project.resolve("pom.xml"), incremental);
  }

  /**
   * Fetches {@code url} once into the work directory, checks its SHA-256, unpacks it in {@code
   * into}.
   */
  private void unpack(String url, String sha256, Path into)
      throws IOException, InterruptedException {
    Path tarball =
        work.resolve("samtools-sources").resolve(url.substring(url.lastIndexOf('/') + 1));
    Files.createDirectories(tarball.getParent());
    if (!Files.exists(tarball) || !sha256(tarball).equals(sha256)) {
      Report.say("Fetching " + url);
      Shell.exec("curl", "-fsSL", "-o", tarball.toString(), url);
      if (!sha256(tarball).equals(sha256)) {
        throw new IOException(
            url + " does not have the SHA-256 examples/samtools names: " + sha256);
      }
    }
    Shell.exec("tar", "-xf", tarball.toString(), "-C", into.toString());
  }

  private static String sha256(Path file) throws IOException, InterruptedException {
    return Shell.exec("sha256sum", file.toString()).substring(0, 64);
  }

  private Build build(String name, Path project, Path cache, boolean offline, String... extra)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>();
    if (offline) {
      arguments.add("-o");
    }
    arguments.add("-Dimage.cacheDirectory=" + cache);
    arguments.addAll(List.of(extra));
    MavenRun.Build build =
        maven.run(
            "samtools variant, " + name,
            project,
            work.resolve("samtools-change-" + name.replaceAll("[^a-z]+", "-") + ".log"),
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

  /** The figures, the one-file change as a ratio to the cold build and against buildah's. */
  static void report(List<Build> builds) {
    System.out.println();
    System.out.println(
        "htslib + samtools from the project's sources, incremental builder stage, one file"
            + " changed ("
            + CHANGED_FILE
            + "):");
    for (Build build : builds) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-28s mvn package %7.1f s   image:build %7.1f s   %4d files compiled   %s",
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
    System.out.println(
        String.format(
            Locale.ROOT,
            "  one-file change %.3f × the cold build (image:build; mvn package %.3f ×);"
                + " buildah's per-instruction cache: 107-114 s",
            change.pluginSeconds() / cold.pluginSeconds(),
            change.mavenSeconds() / cold.mavenSeconds()));
    System.out.println(
        "  "
            + (change.compiled().size() == 1 ? "PASS" : "FAIL")
            + " one file compiled on the kept tree");
    System.out.println(
        "  "
            + (change.digest().equals(cold.digest()) ? "FAIL" : "PASS")
            + " the change reached the image (a digest other than the cold build's)");
    System.out.println(
        "  "
            + (change.digest().equals(scratch.digest()) ? "PASS" : "FAIL")
            + " the same digest as from scratch with -Dimage.incremental=false");
  }
}
