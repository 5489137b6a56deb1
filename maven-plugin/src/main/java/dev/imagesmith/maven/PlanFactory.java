package dev.imagesmith.maven;

import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.Compression;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.TargetSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the plugin's configuration into a validated {@link BuildPlan}. Every mistake is collected
 * and reported together, each naming its XML path and a fix; no plan is made while any remains.
 */
final class PlanFactory {
  static final String WORK_DIRECTORY = BuildPlan.WORK_DIRECTORY;
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");

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
   * @throws dev.imagesmith.error.UserInputException listing every mistake in the configuration
   */
  BuildPlan create(PlanInput input) {
    Problems problems = new Problems();
    Path basedir = project.basedir();
    BaseSpec from =
        problems.attempt(() -> BaseSpec.parse(input.from(), basedir, input.fromWhere()));
    List<StageSpec> stages = stages(input.stages(), problems);
    List<LayerSpec> layers = layers(input.layers(), input.stages(), problems);
    ContainerSpec container =
        JavaEntrypoint.apply(
            Container.toSpec(input.container(), problems),
            input.container(),
            model.jarMainClass(),
            problems);
    TargetSpec to = To.toSpec(input.to(), project.artifactId(), project.version(), problems);
    Compression compression = compression(input.compression(), problems);
    String platform = platform(input.platform(), problems);
    Instant timestamp =
        problems.attempt(
            () -> BuildTimestamp.resolve(input.outputTimestamp(), project.sourceDateEpoch()));
    ChecksSpec checks =
        new ChecksSpec(
            Budget.toSpec(input.budget(), problems),
            input.checkLibraries(),
            ignoreMissingLibraries(input.ignoreMissingLibraries(), problems));
    String mechanism = mechanism(input.isolationMechanism(), problems);
    problems.throwIfAny();
    container = withPomLabels(container, timestamp);
    return new BuildPlan(
        from,
        stages,
        layers,
        container,
        to,
        basedir,
        project
            .buildDirectory()
            .resolve(WORK_DIRECTORY)
            .resolve(project.executionId().replaceAll("[^A-Za-z0-9._-]", "_")),
        basedir.resolve(input.outputDirectory()).normalize(),
        basedir.resolve(input.cacheDirectory()).normalize(),
        timestamp,
        compression,
        platform,
        project.offline(),
        model.artifacts(),
        checks,
        input.cache(),
        mechanism,
        input.supplyChain());
  }

  private static String mechanism(String value, Problems problems) {
    String mechanism = value == null || value.isBlank() ? "auto" : value.strip();
    if (!IsolationProbe.MECHANISMS.contains(mechanism)) {
      problems.add(
          "image.isolation.mechanism '"
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
    return new ContainerSpec(
        container.entrypoint(),
        container.cmd(),
        container.environment(),
        container.user(),
        container.workingDirectory(),
        Collections.unmodifiableMap(labels),
        container.exposedPorts());
  }

  private static List<String> ignoreMissingLibraries(List<String> given, Problems problems) {
    List<String> patterns = new ArrayList<>();
    List<String> all = given == null ? List.of() : given;
    for (int i = 0; i < all.size(); i++) {
      String pattern = all.get(i) == null ? "" : all.get(i).trim();
      if (pattern.isEmpty()) {
        problems.add(
            XmlPath.item(XmlPath.root("ignoreMissingLibraries"), "ignoreMissingLibrary", i)
                + " is empty: write a library name pattern such as libcuda.so.* or a path glob"
                + " such as /opt/app/plugins/**");
      } else {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  private List<StageSpec> stages(List<Stage> given, Problems problems) {
    List<StageSpec> stages = new ArrayList<>();
    Map<String, String> firstWhere = new LinkedHashMap<>();
    List<Stage> all = given == null ? List.of() : given;
    for (int i = 0; i < all.size(); i++) {
      StageSpec stage = Stage.toSpec(all.get(i), i, project.basedir(), problems);
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
    if (!PLATFORM.matcher(platform).matches()) {
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
