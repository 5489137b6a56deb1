package dev.imagesmith.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's own case (examples/samtools): htslib and samtools built from Debian's source packages
 * by a toolchain the builder stage installs into itself, on a runtime of Debian packages. Built
 * cold (empty cache, no lock, network), again offline from the cache and the lock with {@code
 * target/} deleted (every stage runs again; the digest must not move), and once more with nothing
 * changed; the image and its {@code /install} layer are compared with the peer figures of issue 13
 * (buildah's multi-stage image of the same software).
 */
final class Samtools {
  /** buildah's multi-stage image of htslib and samtools, compressed (issue 13). */
  static final long BUILDAH_IMAGE = 37_700_000L;

  /** buildah's /install layer of the same image, compressed (issue 13). */
  static final long BUILDAH_INSTALL = 7_700_000L;

  /** One build: Maven's wall time, the plugin's own time, the digest. */
  record Build(String name, double mavenSeconds, double pluginSeconds, String digest) {}

  /** What the scenario measured. */
  record Result(
      List<Build> builds, long imageCompressed, long imageUncompressed, long installCompressed) {}

  private final MavenRun maven;
  private final Path work;

  /** Maven's own {@code -o} is dropped: the cold build needs the network, the others add it. */
  Samtools(MavenRun maven, Path work) {
    this.maven = maven.online();
    this.work = work;
  }

  Result run() throws Exception {
    Path project = work.resolve("samtools");
    Path cache = work.resolve("samtools-cache");
    HostFiles.deleteTree(project);
    HostFiles.deleteTree(cache);
    Shell.exec(
        "cp", "-a", maven.repository().resolve("examples/samtools").toString(), project.toString());
    HostFiles.deleteTree(project.resolve("image-debian.lock"));
    HostFiles.deleteTree(project.resolve("target"));
    List<Build> builds = new ArrayList<>();
    builds.add(build("cold build (network)", project, cache, false));
    HostFiles.deleteTree(project.resolve("target"));
    builds.add(build("offline, target/ deleted", project, cache, true));
    builds.add(build("offline, nothing changed", project, cache, true));
    JsonNode image =
        new ObjectMapper().readTree(project.resolve("target/image/image.json").toFile());
    long install = -1;
    for (JsonNode layer : image.get("layers")) {
      if (layer.get("source").get("path").asText().equals("/install")) {
        install = layer.get("compressedSize").asLong();
      }
    }
    return new Result(
        builds,
        image.get("size").get("compressed").asLong(),
        image.get("size").get("uncompressed").asLong(),
        install);
  }

  private Build build(String name, Path project, Path cache, boolean offline)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>();
    if (offline) {
      arguments.add("-o");
    }
    arguments.add("-Dimage.cacheDirectory=" + cache);
    MavenRun.Build build =
        maven.run(
            "samtools " + name,
            project,
            work.resolve("samtools-" + name.replaceAll("[^a-z]+", "-") + ".log"),
            arguments,
            "package");
    return new Build(name, build.seconds(), build.pluginSeconds(), MavenRun.digest(project));
  }

  /** The figures, each size as a ratio to buildah's. */
  static void report(Result result) {
    System.out.println();
    System.out.println(
        "htslib + samtools (examples/samtools), built by the builder stage's own toolchain:");
    for (Build build : result.builds()) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "  %-26s mvn package %7.1f s   image:build %7.1f s   %s",
              build.name(),
              build.mavenSeconds(),
              build.pluginSeconds(),
              build.digest()));
    }
    boolean same = result.builds().stream().map(Build::digest).distinct().count() == 1;
    System.out.println(
        "  "
            + (same ? "PASS" : "FAIL")
            + " the same digest cold, offline from the cache, and unchanged");
    System.out.println(
        String.format(
            Locale.ROOT,
            "  image, compressed:     %6.2f MB   × buildah's multi-stage image (37.7 MB): %.3f",
            result.imageCompressed() / 1e6,
            result.imageCompressed() / (double) BUILDAH_IMAGE));
    System.out.println(
        String.format(
            Locale.ROOT,
            "  /install, compressed:  %6.2f MB   × buildah's /install layer (7.70 MB):    %.3f",
            result.installCompressed() / 1e6,
            result.installCompressed() / (double) BUILDAH_INSTALL));
    System.out.println(
        String.format(
            Locale.ROOT, "  image, uncompressed:   %6.2f MB", result.imageUncompressed() / 1e6));
  }
}
