package dev.imagesmith.debian;

import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.TargetSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A plan whose one stage installs from a Debian repository, for the package lookup's tests. */
final class PackageLookupPlans {
  private PackageLookupPlans() {}

  static BuildPlan withDebianStep(
      Path dir, URI repository, String suite, Path keyring, Path cache, boolean offline) {
    StepSpec.Debian step =
        new StepSpec.Debian(
            List.of("libc6"),
            repository,
            suite,
            List.of("main"),
            null,
            keyring,
            List.of(),
            false,
            dir.resolve("image-debian.lock"),
            "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]");
    return new BuildPlan(
        new BaseSpec.Scratch(),
        List.of(new StageSpec("runtime", null, List.of(step), PruneSpec.defaults(), "runtime")),
        List.of(new LayerSpec("runtime", "/", "<layers>/<layer>[1]")),
        ContainerSpec.empty(),
        new TargetSpec("example.org/lookup:1", List.of()),
        dir,
        dir.resolve("target/work"),
        dir.resolve("target/image"),
        cache,
        Instant.parse("2026-01-01T00:00:00Z"),
        Compression.GZIP,
        "linux/amd64",
        offline,
        ProjectArtifacts.none(),
        ChecksSpec.DEFAULT,
        true);
  }
}
