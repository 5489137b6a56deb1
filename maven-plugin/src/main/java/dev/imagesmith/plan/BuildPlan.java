package dev.imagesmith.plan;

import dev.imagesmith.image.Compression;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything one image build needs, validated: immutable, free of Maven types, each element
 * carrying its XML path for messages.
 *
 * @param basedir the project directory; relative sources resolve against it
 * @param workDirectory scratch space for sandboxes: {@code <build
 *     directory>/imagesmith-work/<execution>}
 * @param outputDirectory where oci/, image.tar, digest and image.json go (target/image)
 * @param cacheDirectory the user's download cache
 * @param timestamp clamp for every mtime and the config's created time
 * @param project what the built-in stage {@code project} holds; never {@code null}
 * @param checks the budget and the shared-library check the finished image must pass
 * @param cache whether layers and stages may be reused from earlier builds ({@code image.cache})
 * @param isolationMechanism how stage-isolated run steps are isolated: {@code auto} (the first of
 *     unshare, bwrap, proot that works) or one of them ({@code image.isolation.mechanism})
 * @param cacheMounts whether the run steps' cache mounts are emptied first, and how long a step
 *     waits for one another build holds
 * @param supplyChain the SBOM and provenance the build writes with the image
 * @param platforms every platform the build makes an image for, each {@code os/arch[/variant]}
 *     ({@code linux/amd64} by default), at least one: one builds one image as always; more build
 *     one per platform and an image index over them
 * @param sharedCache the fleet's cache in a registry ({@code <sharedCache>}), {@link
 *     SharedCacheSpec#NONE} without one
 * @param paths how messages name the configuration's elements ({@link ConfigPaths#POM} when {@code
 *     null})
 */
public record BuildPlan(
    BaseSpec from,
    List<StageSpec> stages,
    List<LayerSpec> layers,
    ContainerSpec container,
    TargetSpec to,
    Path basedir,
    Path workDirectory,
    Path outputDirectory,
    Path cacheDirectory,
    Instant timestamp,
    Compression compression,
    boolean offline,
    ProjectArtifacts project,
    ChecksSpec checks,
    boolean cache,
    String isolationMechanism,
    CacheMountsSpec cacheMounts,
    SupplyChainSpec supplyChain,
    List<String> platforms,
    SharedCacheSpec sharedCache,
    ConfigPaths paths) {
  /** The directory below {@code ${project.build.directory}} that holds the work directories. */
  public static final String WORK_DIRECTORY = "imagesmith-work";

  public BuildPlan {
    stages = List.copyOf(stages);
    layers = List.copyOf(layers);
    project = project == null ? ProjectArtifacts.none() : project;
    checks = checks == null ? ChecksSpec.DEFAULT : checks;
    isolationMechanism = isolationMechanism == null ? "auto" : isolationMechanism;
    cacheMounts = cacheMounts == null ? CacheMountsSpec.DEFAULT : cacheMounts;
    supplyChain = supplyChain == null ? SupplyChainSpec.DEFAULT : supplyChain;
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("a plan builds for at least one platform");
    }
    sharedCache = sharedCache == null ? SharedCacheSpec.NONE : sharedCache;
    paths = paths == null ? ConfigPaths.POM : paths;
  }

  /**
   * The platform of the image, {@code os/arch[/variant]}: the first of {@link #platforms}, the only
   * one of a one-platform plan (and of each plan {@link #forPlatform} makes).
   */
  public String platform() {
    return platforms.get(0);
  }

  /** This plan with {@code shared} as its shared cache. */
  public BuildPlan withSharedCache(SharedCacheSpec shared) {
    return toBuilder().sharedCache(shared).build();
  }

  /**
   * The one-platform plan with each {@code download} made for its platform: itself when no step
   * names {@link StepSpec.Download#ARCH} or per-platform checksums.
   */
  public BuildPlan resolvedForPlatform() {
    BuildPlan resolved = forPlatform(platform(), workDirectory, outputDirectory);
    return resolved.stages().equals(stages) ? this : resolved;
  }

  /**
   * The directory of {@code platform}'s work and outputs in a multi-platform build: {@code
   * linux/arm64/v8} is {@code linux-arm64-v8}.
   */
  public static String platformDirectory(String platform) {
    return platform.replace('/', '-');
  }

  /** Whether the build makes more than one image and an index over them. */
  public boolean multiPlatform() {
    return platforms.size() > 1;
  }

  /**
   * The image of one of the platforms, built in its own work directory into its own output
   * directory: what a multi-platform build runs once per platform.
   */
  public BuildPlan forPlatform(String only, Path work, Path output) {
    return toBuilder()
        .stages(stages.stream().map(stage -> stage.forPlatform(only)).toList())
        .workDirectory(work)
        .outputDirectory(output)
        .platform(only)
        .platforms(null)
        .build();
  }

  /**
   * The same build into other directories, reusing nothing: what {@code image:verify} rebuilds to
   * compare with the first build.
   */
  public BuildPlan rebuiltInto(Path work, Path output) {
    return toBuilder()
        .workDirectory(work)
        .outputDirectory(output)
        .cache(false)
        .sharedCache(SharedCacheSpec.NONE)
        .build();
  }

  /** The stages no {@code <layer>} takes anything from: they run, and their work is thrown away. */
  public List<StageSpec> stagesWithoutLayers() {
    java.util.Set<String> used = new java.util.HashSet<>();
    layers.forEach(layer -> used.add(layer.stage()));
    return stages.stream().filter(stage -> !used.contains(stage.name())).toList();
  }

  /**
   * {@code ${project.build.directory}}, the root the plugin's own directories below it are vetted
   * from (it may itself be a link, {@code target} on a tmpfs): the work directory's grandparent, as
   * the work directory is {@code <build directory>/imagesmith-work/<execution>}. For a work
   * directory laid out otherwise, its parent.
   */
  public Path buildDirectory() {
    Path work = workDirectory.toAbsolutePath().normalize();
    Path parent = work.getParent();
    if (parent != null
        && parent.getParent() != null
        && parent.getFileName().toString().equals(WORK_DIRECTORY)) {
      return parent.getParent();
    }
    return parent != null ? parent : work;
  }

  /** An empty builder: each part left unset takes the default the constructor gives it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this plan's parts: the one place besides the constructor that names
   * them all, so that a plan with one part changed is written as that part. A one-platform plan's
   * {@code platforms} is left unset, so that a new {@code platform} stays the first.
   */
  public Builder toBuilder() {
    return new Builder()
        .from(from)
        .stages(stages)
        .layers(layers)
        .container(container)
        .to(to)
        .basedir(basedir)
        .workDirectory(workDirectory)
        .outputDirectory(outputDirectory)
        .cacheDirectory(cacheDirectory)
        .timestamp(timestamp)
        .compression(compression)
        .platform(platform())
        .offline(offline)
        .project(project)
        .checks(checks)
        .cache(cache)
        .isolationMechanism(isolationMechanism)
        .cacheMounts(cacheMounts)
        .supplyChain(supplyChain)
        .platforms(multiPlatform() ? platforms : null)
        .sharedCache(sharedCache)
        .paths(paths);
  }

  /**
   * Sets the parts of a plan one by one, by name; {@link #build()} makes it through the
   * constructor, which checks it and gives each unset part its default.
   */
  public static final class Builder {
    private BaseSpec from;
    private List<StageSpec> stages;
    private List<LayerSpec> layers;
    private ContainerSpec container;
    private TargetSpec to;
    private Path basedir;
    private Path workDirectory;
    private Path outputDirectory;
    private Path cacheDirectory;
    private Instant timestamp;
    private Compression compression;
    private String platform;
    private boolean offline;
    private ProjectArtifacts project;
    private ChecksSpec checks;
    private boolean cache;
    private String isolationMechanism;
    private CacheMountsSpec cacheMounts;
    private SupplyChainSpec supplyChain;
    private List<String> platforms;
    private SharedCacheSpec sharedCache;
    private ConfigPaths paths;

    private Builder() {}

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

    public Builder basedir(Path value) {
      basedir = value;
      return this;
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

    public Builder platforms(List<String> value) {
      platforms = value;
      return this;
    }

    public Builder sharedCache(SharedCacheSpec value) {
      sharedCache = value;
      return this;
    }

    public Builder paths(ConfigPaths value) {
      paths = value;
      return this;
    }

    /**
     * The plan. Its platforms are {@code platforms} when set (then {@code platform}, if set too,
     * must be their first), else {@code platform} alone.
     */
    public BuildPlan build() {
      List<String> all =
          platforms == null || platforms.isEmpty() ? List.of(platform) : List.copyOf(platforms);
      if (platform != null && !all.get(0).equals(platform)) {
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
