package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The project the cache and output-reuse tests build: two stages ({@code app} counts its runs in
 * {@code /opt/app/runs}) and one layer from each, and a log that counts lines.
 */
final class TwoStageProject {
  private TwoStageProject() {}

  static final class Lines implements BuildLog {
    final List<String> infos = Collections.synchronizedList(new ArrayList<>());
    final List<String> debugs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
      infos.add(message);
    }

    @Override
    public void warn(String message) {}

    @Override
    public void debug(String message) {
      debugs.add(message);
    }

    long count(String fragment) {
      return infos.stream().filter(line -> line.contains(fragment)).count();
    }

    long countDebug(String fragment) {
      return debugs.stream().filter(line -> line.contains(fragment)).count();
    }
  }

  /** The sources the plan copies: {@code src/app/main.sh} and {@code src/data/table.csv}. */
  static void sources(Path project) throws IOException {
    Files.createDirectories(project.resolve("src/app"));
    Files.writeString(project.resolve("src/app/main.sh"), "#!/bin/sh\necho hello\n");
    Files.createDirectories(project.resolve("src/data"));
    Files.writeString(project.resolve("src/data/table.csv"), "a,1\nb,2\n");
  }

  /** Every file of {@code target/image} with the SHA-256 (hex) of its bytes. */
  static Map<String, String> outputDigests(Path project) throws IOException {
    Path output = project.resolve("target/image");
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(output)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        found.put(
            output.relativize(file).toString(), Digest.ofBytes(Files.readAllBytes(file)).encoded());
      }
    }
    return found;
  }

  static BuildPlan plan(Path project, Path userCache, boolean cache) {
    return plan(project, userCache, cache, new BaseSpec.Scratch(), "example.org/cache-test:1");
  }

  /** The same project on another base, tagged {@code image}. */
  static BuildPlan plan(Path project, Path userCache, boolean cache, BaseSpec from, String image) {
    StageSpec app =
        new StageSpec(
            "app",
            null,
            List.of(
                new StepSpec.Copy(project.resolve("src/app"), "/opt/app", "app/<copy>"),
                // Appends a line each time it runs: the file shows whether the stage ran.
                new StepSpec.Run(
                    "echo built >> \"$STAGE_ROOT/opt/app/runs\"", Map.of(), "/", "app/<run>")),
            PruneSpec.defaults(),
            "app");
    StageSpec data =
        new StageSpec(
            "data",
            null,
            List.of(new StepSpec.Copy(project.resolve("src/data"), "/srv/data", "data/<copy>")),
            PruneSpec.defaults(),
            "data");
    return TestPlans.in(project)
        .from(from)
        .stages(List.of(app, data))
        .layers(
            List.of(
                new LayerSpec("app", "/opt/app", "l1"), new LayerSpec("data", "/srv/data", "l2")))
        .to(TestPlans.image(image))
        .cacheDirectory(userCache)
        .cache(cache)
        .build();
  }
}
