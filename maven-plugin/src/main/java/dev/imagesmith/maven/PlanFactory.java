package dev.imagesmith.maven;

import dev.imagesmith.image.Compression;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.TargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the plugin's configuration into a validated {@link BuildPlan}. Every mistake is collected
 * and reported together, each naming its XML path and a fix; no plan is made while any remains.
 */
final class PlanFactory {
  static final String WORK_DIRECTORY = BuildPlan.WORK_DIRECTORY;

  /** Where the layer comes from that stands in for an absent {@code <layers>}. */
  static final String DEFAULT_LAYERS =
      XmlPath.root("layers") + " (not set, so the project stage alone)";

  private final ProjectContext project;
  private final ProjectModel model;

  PlanFactory(ProjectContext project) {
    this(project, ProjectModel.none());
  }

  /**
   * @param model the project's artifacts, jar Main-Class and POM labels
   */
  PlanFactory(ProjectContext project, ProjectModel model) {
    this.project = project;
    this.model = model;
  }

  /**
   * The plan without a shared cache.
   *
   * @throws dev.imagesmith.error.UserInputException listing every mistake in the configuration
   */
  BuildPlan create(PlanInput input) {
    return create(input, null, null);
  }

  /**
   * @param sharedCache the {@code <sharedCache...>} parameters, {@code null} for none: their
   *     mistakes are listed with the others
   * @param checkoutRoot the reactor's top project directory, for the shared cache's keys
   * @throws dev.imagesmith.error.UserInputException listing every mistake in the configuration
   */
  BuildPlan create(PlanInput input, SharedCacheConfig.Given sharedCache, Path checkoutRoot) {
    Problems problems = new Problems();
    Path basedir = project.basedir();
    BaseSpec from =
        problems.attempt(() -> BaseSpec.parse(input.from(), basedir, input.fromWhere()));
    List<StageSpec> stages = stages(input.stages(), input.incremental(), problems);
    List<LayerSpec> layers = layers(input.layers(), input.stages(), problems);
    ContainerSpec container =
        JavaEntrypoint.apply(
            Container.toSpec(input.container(), problems),
            input.container(),
            model.jarMainClass(),
            model.artifacts().explodedWar() != null,
            model.artifacts().classPath(),
            problems);
    TargetSpec to = To.toSpec(input.to(), project.artifactId(), project.version(), problems);
    Compression compression = compression(input.compression(), problems);
    List<String> platforms =
        Platforms.of(input.platforms(), platform(input.platform(), problems), problems);
    Instant timestamp =
        problems.attempt(
            () -> BuildTimestamp.resolve(input.outputTimestamp(), project.sourceDateEpoch()));
    ChecksSpec checks =
        new ChecksSpec(
            Budget.toSpec(input.budget(), problems),
            input.checkLibraries(),
            ignorePatterns(
                input.ignoreMissingLibraries(), "ignoreMissingLibrary", "libcuda.so.*", problems),
            input.checkEntrypoint(),
            ignorePatterns(
                input.ignoreMissingInterpreters(), "ignoreMissingInterpreter", "perl", problems));
    String mechanism = mechanism(input.isolationMechanism(), problems);
    CacheMountsSpec cacheMounts =
        cacheMounts(input.cacheMountsClear(), input.cacheMountsWait(), problems);
    SharedCacheSpec shared =
        sharedCache == null
            ? SharedCacheSpec.NONE
            : SharedCacheConfig.of(sharedCache, checkoutRoot, problems);
    problems.throwIfAny();
    container = withPomLabels(container, timestamp);
    return BuildPlan.builder()
        .from(from)
        .stages(stages)
        .layers(layers)
        .container(container)
        .to(to)
        .basedir(basedir)
        .workDirectory(
            project
                .buildDirectory()
                .resolve(WORK_DIRECTORY)
                .resolve(project.executionId().replaceAll("[^A-Za-z0-9._-]", "_")))
        .outputDirectory(basedir.resolve(input.outputDirectory()).normalize())
        .cacheDirectory(basedir.resolve(input.cacheDirectory()).normalize())
        .timestamp(timestamp)
        .compression(compression)
        .offline(project.offline())
        .project(model.artifacts())
        .checks(checks)
        .cache(input.cache())
        .isolationMechanism(mechanism)
        .cacheMounts(cacheMounts)
        .supplyChain(input.supplyChain())
        .platforms(platforms)
        .sharedCache(shared)
        .build();
  }

  private static CacheMountsSpec cacheMounts(boolean clear, String wait, Problems problems) {
    if (wait == null || wait.isBlank()) {
      return new CacheMountsSpec(clear, CacheMountsSpec.DEFAULT.maxWait());
    }
    Duration duration = Durations.parse(wait);
    if (duration == null) {
      problems.add(
          XmlPath.root("cacheMountsWait")
              + " (property image.cacheMounts.wait) '"
              + wait.strip()
              + "' is not a duration: write a number and a unit, for example"
              + " -Dimage.cacheMounts.wait=90s, 30m or 2h (0s: fail at once when another build"
              + " holds a cache)");
      return null;
    }
    return new CacheMountsSpec(clear, duration);
  }

  private static String mechanism(String value, Problems problems) {
    String mechanism = value == null || value.isBlank() ? "auto" : value.strip();
    if (!IsolationProbe.MECHANISMS.contains(mechanism)) {
      problems.add(
          XmlPath.root("isolationMechanism")
              + " (property image.isolation.mechanism) '"
              + mechanism
              + "' is not one of "
              + String.join(", ", IsolationProbe.MECHANISMS)
              + ": leave it out (auto) or name the mechanism to force, for example"
              + " -Dimage.isolation.mechanism=proot");
    }
    return mechanism;
  }

  /**
   * The POM's {@code org.opencontainers.image.*} labels under the user's: a label in {@code
   * <labels>} wins. {@code created} is the build timestamp, left out when there is none (the epoch
   * says nothing).
   */
  private ContainerSpec withPomLabels(ContainerSpec container, Instant timestamp) {
    Map<String, String> labels = new TreeMap<>(model.pomLabels());
    if (model.createdLabel() && !timestamp.equals(Instant.EPOCH)) {
      labels.put(PomLabels.PREFIX + "created", timestamp.toString());
    }
    if (labels.isEmpty()) {
      return container;
    }
    labels.putAll(container.labels());
    return container.withLabels(Collections.unmodifiableMap(labels));
  }

  /**
   * The patterns of {@code <ignoreMissingLibraries>} or {@code <ignoreMissingInterpreters>}.
   *
   * @param item the element of one pattern; the list's element is its plural
   */
  private static List<String> ignorePatterns(
      List<String> given, String item, String example, Problems problems) {
    List<String> patterns = new ArrayList<>();
    List<String> all = given == null ? List.of() : given;
    String list = item.endsWith("y") ? item.substring(0, item.length() - 1) + "ies" : item + "s";
    for (int i = 0; i < all.size(); i++) {
      String pattern = all.get(i) == null ? "" : all.get(i).trim();
      if (pattern.isEmpty()) {
        problems.add(
            XmlPath.item(XmlPath.root(list), item, i)
                + " is empty: write a name pattern such as "
                + example
                + " or a path glob such as /opt/app/plugins/**");
      } else {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  private List<StageSpec> stages(List<Stage> given, boolean incrementalAllowed, Problems problems) {
    List<StageSpec> stages = new ArrayList<>();
    Map<String, String> firstWhere = new LinkedHashMap<>();
    List<Stage> all = given == null ? List.of() : given;
    for (int i = 0; i < all.size(); i++) {
      StageSpec stage =
          Stage.toSpec(all.get(i), i, project.basedir(), incrementalAllowed, problems);
      String name = all.get(i) == null ? null : all.get(i).name();
      if (name != null) {
        String earlier = firstWhere.putIfAbsent(name, Stage.where(all.get(i), i));
        if (earlier != null) {
          problems.add(
              XmlPath.child(Stage.where(all.get(i), i), "name")
                  + " '"
                  + name
                  + "' is already the name of "
                  + earlier
                  + ": give each stage its own name");
        }
      }
      stages.add(stage);
    }
    return stages;
  }

  private static List<LayerSpec> layers(List<Layer> given, List<Stage> stages, Problems problems) {
    List<String> names = new ArrayList<>();
    if (stages != null) {
      stages.stream()
          .filter(stage -> stage != null && stage.name() != null)
          .map(Stage::name)
          .distinct()
          .forEach(names::add);
    }
    if ((given == null || given.isEmpty()) && names.isEmpty()) {
      // Jib's default: a Java project's dependencies, resources and classes on the base, nothing
      // else.
      return List.of(new LayerSpec(ProjectArtifacts.STAGE, null, DEFAULT_LAYERS));
    }
    if (given == null || given.isEmpty()) {
      String stage = names.isEmpty() ? "builder" : names.get(0);
      problems.add(
          XmlPath.root("layers")
              + " is empty: the image needs at least one layer taken from a stage, for example"
              + " <layers><layer><stage>"
              + stage
              + "</stage><path>/install</path></layer></layers>");
      return List.of();
    }
    List<LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      layers.add(Layer.toSpec(given.get(i), i, names, problems));
    }
    return layers;
  }

  private static Compression compression(String text, Problems problems) {
    if (text == null || text.isBlank()) {
      return Compression.GZIP;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "gzip":
        return Compression.GZIP;
      case "zstd":
        return Compression.ZSTD;
      case "none":
        return Compression.NONE;
      default:
        problems.add(
            XmlPath.root("compression")
                + " (property image.compression) '"
                + text.trim()
                + "' is not a layer compression: use gzip, zstd or none");
        return null;
    }
  }

  private static String platform(String text, Problems problems) {
    if (text == null || text.isBlank()) {
      return "linux/amd64";
    }
    String platform = text.trim();
    if (!Platforms.PLATFORM.matcher(platform).matches()) {
      problems.add(
          XmlPath.root("platform")
              + " (property image.platform) '"
              + platform
              + "' is not a platform: write os/arch[/variant] in lower case, for example"
              + " linux/amd64 or linux/arm64/v8");
      return null;
    }
    return platform;
  }
}
