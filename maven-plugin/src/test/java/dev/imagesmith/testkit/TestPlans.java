package dev.imagesmith.testkit;

import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ConfigPaths;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.SupplyChainSpec;
import dev.imagesmith.plan.TargetSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Build plans for tests that drive the engine without the Maven side: a builder whose defaults are
 * what most tests want, so that a test names only what it is about. Production plans come from
 * {@code maven.PlanFactory}.
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
  public static Builder in(Path basedir) {
    return new Builder(basedir);
  }

  /** A builder that starts from {@code plan}'s values. */
  public static Builder copy(BuildPlan plan) {
    Builder b = new Builder(plan.basedir());
    b.from = plan.from();
    b.stages = plan.stages();
    b.layers = plan.layers();
    b.container = plan.container();
    b.to = plan.to();
    b.workDirectory = plan.workDirectory();
    b.outputDirectory = plan.outputDirectory();
    b.cacheDirectory = plan.cacheDirectory();
    b.timestamp = plan.timestamp();
    b.compression = plan.compression();
    b.platform = plan.platform();
    b.offline = plan.offline();
    b.project = plan.project();
    b.checks = plan.checks();
    b.cache = plan.cache();
    b.isolationMechanism = plan.isolationMechanism();
    b.cacheMounts = plan.cacheMounts();
    b.supplyChain = plan.supplyChain();
    b.platforms = plan.multiPlatform() ? plan.platforms() : null;
    b.sharedCache = plan.sharedCache();
    b.paths = plan.paths();
    return b;
  }

  /** Sets one part of the plan each; {@link #build()} makes it. */
  public static final class Builder {
    private final Path basedir;
    private BaseSpec from = new BaseSpec.Scratch();
    private List<StageSpec> stages = List.of();
    private List<LayerSpec> layers = List.of();
    private ContainerSpec container = ContainerSpec.empty();
    private TargetSpec to = new TargetSpec("example.org/test:1", List.of());
    private Path workDirectory;
    private Path outputDirectory;
    private Path cacheDirectory;
    private Instant timestamp = TIME;
    private Compression compression = Compression.GZIP;
    private String platform = "linux/amd64";
    private boolean offline = true;
    private ProjectArtifacts project = ProjectArtifacts.none();
    private ChecksSpec checks = ChecksSpec.DEFAULT;
    private boolean cache = true;
    private String isolationMechanism = "auto";
    private CacheMountsSpec cacheMounts = CacheMountsSpec.DEFAULT;
    private SupplyChainSpec supplyChain = SupplyChainSpec.DEFAULT;
    private List<String> platforms;
    private dev.imagesmith.plan.SharedCacheSpec sharedCache;
    private ConfigPaths paths = ConfigPaths.POM;

    private Builder(Path basedir) {
      this.basedir = basedir;
      this.workDirectory = basedir.resolve("target/imagesmith-work/default");
      this.outputDirectory = basedir.resolve("target/image");
      this.cacheDirectory = basedir.resolve("cache");
    }

    public Builder from(BaseSpec value) {
      from = value;
      return this;
    }

    public Builder stages(List<StageSpec> value) {
      stages = value;
      return this;
    }

    public Builder layers(List<LayerSpec> value) {
      layers = value;
      return this;
    }

    public Builder container(ContainerSpec value) {
      container = value;
      return this;
    }

    public Builder to(TargetSpec value) {
      to = value;
      return this;
    }

    /** The image name, without extra tags. */
    public Builder to(String image) {
      return to(new TargetSpec(image, List.of()));
    }

    public Builder workDirectory(Path value) {
      workDirectory = value;
      return this;
    }

    public Builder outputDirectory(Path value) {
      outputDirectory = value;
      return this;
    }

    public Builder cacheDirectory(Path value) {
      cacheDirectory = value;
      return this;
    }

    public Builder timestamp(Instant value) {
      timestamp = value;
      return this;
    }

    public Builder compression(Compression value) {
      compression = value;
      return this;
    }

    public Builder platform(String value) {
      platform = value;
      return this;
    }

    public Builder offline(boolean value) {
      offline = value;
      return this;
    }

    public Builder project(ProjectArtifacts value) {
      project = value;
      return this;
    }

    public Builder checks(ChecksSpec value) {
      checks = value;
      return this;
    }

    public Builder cache(boolean value) {
      cache = value;
      return this;
    }

    public Builder isolationMechanism(String value) {
      isolationMechanism = value;
      return this;
    }

    public Builder cacheMounts(CacheMountsSpec value) {
      cacheMounts = value;
      return this;
    }

    public Builder supplyChain(SupplyChainSpec value) {
      supplyChain = value;
      return this;
    }

    /** Every platform to build, the plan's {@code platform} first; {@code null}: that one. */
    public Builder platforms(List<String> value) {
      platforms = value;
      return this;
    }

    public Builder sharedCache(dev.imagesmith.plan.SharedCacheSpec value) {
      sharedCache = value;
      return this;
    }

    public BuildPlan build() {
      List<String> all = platforms == null || platforms.isEmpty() ? List.of(platform) : platforms;
      if (!all.get(0).equals(platform)) {
        throw new IllegalArgumentException("platform " + platform + " is not the first of " + all);
      }
      return new BuildPlan(
          from,
          stages,
          layers,
          container,
          to,
          basedir,
          workDirectory,
          outputDirectory,
          cacheDirectory,
          timestamp,
          compression,
          offline,
          project,
          checks,
          cache,
          isolationMechanism,
          cacheMounts,
          supplyChain,
          all,
          sharedCache,
          paths);
    }
  }
}
