package dev.imagesmith.testkit;

import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.TargetSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Build plans for tests that drive the engine without the Maven side: {@link BuildPlan#builder()}
 * preset with what most tests want, so that a test names only what it is about. Production plans
 * come from {@code maven.PlanFactory}.
 *
 * <p>Defaults: {@code scratch}, no stages or layers, no container settings, the image {@code
 * example.org/test:1}, work and output directories as {@code image:build} lays them out below
 * {@code <basedir>/target} (execution {@code default}), the cache {@code <basedir>/cache}, the time
 * 2026-01-01T00:00:00Z, gzip, {@code linux/amd64}, offline, no project artifacts, the default
 * checks, the caches on, isolation {@code auto}, default cache mounts and supply chain.
 */
public final class TestPlans {
  /** The timestamp the tests' pinned digests were made with. */
  public static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

  private TestPlans() {}

  /** A plan for the project in {@code basedir}, with the defaults above. */
  public static BuildPlan.Builder in(Path basedir) {
    return BuildPlan.builder()
        .from(new BaseSpec.Scratch())
        .stages(List.of())
        .layers(List.of())
        .container(ContainerSpec.empty())
        .to(image("example.org/test:1"))
        .basedir(basedir)
        .workDirectory(basedir.resolve("target/imagesmith-work/default"))
        .outputDirectory(basedir.resolve("target/image"))
        .cacheDirectory(basedir.resolve("cache"))
        .timestamp(TIME)
        .compression(Compression.GZIP)
        .platform("linux/amd64")
        .offline(true)
        .cache(true);
  }

  /** A builder that starts from {@code plan}'s values. */
  public static BuildPlan.Builder copy(BuildPlan plan) {
    return plan.toBuilder();
  }

  /** The image {@code name}, without extra tags: {@code .to(TestPlans.image("app:1"))}. */
  public static TargetSpec image(String name) {
    return new TargetSpec(name, List.of());
  }
}
