package dev.imagesmith.debian;

import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.net.URI;
import java.nio.file.Path;
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
    return TestPlans.in(dir)
        .stages(
            List.of(new StageSpec("runtime", null, List.of(step), PruneSpec.defaults(), "runtime")))
        .layers(List.of(new LayerSpec("runtime", "/", "<layers>/<layer>[1]")))
        .to(TestPlans.image("example.org/lookup:1"))
        .workDirectory(dir.resolve("target/work"))
        .cacheDirectory(cache)
        .offline(offline)
        .build();
  }
}
