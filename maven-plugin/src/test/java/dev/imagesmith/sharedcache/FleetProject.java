package dev.imagesmith.sharedcache;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Compression;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.registry.CredentialSource;
import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.registry.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One project as a fleet of runners builds it: the same sources checked out in a directory of each
 * runner's own, built with each runner's own user cache, sharing a cache in a registry. Stage
 * {@code builder} copies sources that carry metadata a host file cannot keep for an unprivileged
 * user (setuid, a hardlink, a symlink) and runs a host command that appends a line to {@code runs},
 * a file outside every checkout: its line count is how often the step ran on the whole fleet. Stage
 * {@code data} only copies.
 */
final class FleetProject {
  static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

  private FleetProject() {}

  /** Writes the project's sources into {@code checkout}. */
  static void checkOut(Path checkout) throws IOException {
    Path src = Files.createDirectories(checkout.resolve("src/app"));
    Path tool = Files.writeString(src.resolve("tool"), "#!/bin/sh\necho tool\n");
    Files.setAttribute(tool, "unix:mode", 04755);
    Files.createLink(src.resolve("tool-again"), tool);
    Files.createSymbolicLink(src.resolve("current"), Path.of("tool"));
    Files.writeString(src.resolve("main.c"), "int main(void) { return 0; }\n");
    Path data = Files.createDirectories(checkout.resolve("src/data"));
    Files.writeString(data.resolve("table.csv"), "a,1\nb,2\n");
  }

  /** The plan of {@code checkout}'s build, its cache {@code userCache}, sharing {@code shared}. */
  static BuildPlan plan(Path checkout, Path userCache, Path runs, SharedCacheSpec shared) {
    StageSpec builder =
        new StageSpec(
            "builder",
            null,
            List.of(
                new StepSpec.Copy(checkout.resolve("src/app"), "/src", "builder/<copy>"),
                new StepSpec.Run(
                    // Not a copy of main.c, which the image ships too (the checks would warn).
                    "mkdir -p \"$STAGE_ROOT/opt/app\" && { echo built from; cat"
                        + " \"$STAGE_ROOT/src/main.c\"; } > \"$STAGE_ROOT/opt/app/built.txt\""
                        + " && echo built >> \"$RUNS\"",
                    Map.of("RUNS", runs.toString()),
                    "/",
                    "builder/<run>")),
            PruneSpec.defaults(),
            "builder");
    StageSpec data =
        new StageSpec(
            "data",
            null,
            List.of(new StepSpec.Copy(checkout.resolve("src/data"), "/srv/data", "data/<copy>")),
            PruneSpec.defaults(),
            "data");
    return new BuildPlan(
            new BaseSpec.Scratch(),
            List.of(builder, data),
            List.of(
                new LayerSpec("builder", "/src", "l1"),
                new LayerSpec("builder", "/opt/app", "l2"),
                new LayerSpec("data", "/srv/data", "l3")),
            ContainerSpec.empty(),
            new TargetSpec("example.org/fleet:1", List.of()),
            checkout,
            checkout.resolve("target/imagesmith-work/default"),
            checkout.resolve("target/image"),
            userCache,
            TIMESTAMP,
            Compression.GZIP,
            false,
            ProjectArtifacts.none(),
            // The layers hold shell scripts on scratch: not an image to start, not what this tests.
            new ChecksSpec(null, false, List.of(), false, List.of()),
            true,
            "auto",
            null,
            null,
            List.of("linux/amd64"),
            null,
            null)
        .withSharedCache(shared);
  }

  /** The shared cache {@code repository} of {@code registry}, pushing or not. */
  static SharedCacheSpec shared(String registry, String repository, boolean push) {
    return new SharedCacheSpec(
        registry,
        repository,
        push,
        false,
        null,
        null,
        SharedCacheSpec.DEFAULT_MAX_ENTRY_BYTES,
        null,
        Duration.ofSeconds(5),
        null);
  }

  /** How the runners reach {@code registry}: with the test registry's user, quick retries. */
  static RegistryOptions access(String registry) {
    return access(registry, RegistryServer.PASSWORD);
  }

  static RegistryOptions access(String registry, String password) {
    return new RegistryOptions(
        List.of(
            CredentialSource.fixed(
                registry, new RegistryCredential(RegistryServer.USER, password, "the test"))),
        Set.of(),
        null,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
        false);
  }

  /** Builds {@code plan} as a runner does. */
  static BuildResult build(BuildPlan plan, RegistryOptions access, BuildLog log) {
    return new ImageBuilder(log, access).build(plan);
  }
}
