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
        platforms,
        shared,
        paths);
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
    return new BuildPlan(
        from,
        stages.stream().map(stage -> stage.forPlatform(only)).toList(),
        layers,
        container,
        to,
        basedir,
        work,
        output,
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
        List.of(only),
        sharedCache,
        paths);
  }

  /**
   * The same build into other directories, reusing nothing: what {@code image:verify} rebuilds to
   * compare with the first build.
   */
  public BuildPlan rebuiltInto(Path work, Path output) {
    return new BuildPlan(
        from,
        stages,
        layers,
        container,
        to,
        basedir,
        work,
        output,
        cacheDirectory,
        timestamp,
        compression,
        offline,
        project,
        checks,
        false,
        isolationMechanism,
        cacheMounts,
        supplyChain,
        platforms,
        SharedCacheSpec.NONE,
        paths);
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
}
