package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.TargetSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The project the cache and output-reuse tests build: two stages ({@code app} counts its runs in
 * {@code /opt/app/runs}) and one layer from each, and a log that counts lines.
 */
final class TwoStageProject {
  private TwoStageProject() {}

  static final class Lines implements BuildLog {
    final List<String> infos = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
      infos.add(message);
    }

    @Override
    public void warn(String message) {}

    @Override
    public void debug(String message) {}

    long count(String fragment) {
      return infos.stream().filter(line -> line.contains(fragment)).count();
    }
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
    return new BuildPlan(
        from,
        List.of(app, data),
        List.of(new LayerSpec("app", "/opt/app", "l1"), new LayerSpec("data", "/srv/data", "l2")),
        ContainerSpec.empty(),
        new TargetSpec(image, List.of()),
        project,
        project.resolve("target/imagesmith-work/default"),
        project.resolve("target/image"),
        userCache,
        Instant.parse("2026-01-01T00:00:00Z"),
        Compression.GZIP,
        "linux/amd64",
        true,
        dev.imagesmith.plan.ProjectArtifacts.none(),
        dev.imagesmith.plan.ChecksSpec.DEFAULT,
        cache);
  }
}
