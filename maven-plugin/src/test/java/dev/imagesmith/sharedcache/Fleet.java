package dev.imagesmith.sharedcache;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runners of one fleet for the tests: each runner has a checkout of {@link FleetProject} in a
 * directory of its own and its own user cache, all share one registry's repository {@link #REPO},
 * and every run step of the fleet appends to one file, {@link #runs}.
 */
final class Fleet {
  static final String REPO = "team/cache";

  final Path root;
  final String registry;
  final Path runs;

  Fleet(Path root, String registry) {
    this.root = root;
    this.registry = registry;
    this.runs = root.resolve("runs");
  }

  /** A runner named {@code name}, its checkout written on first use. */
  Runner runner(String name) throws IOException {
    Path checkout = root.resolve(name).resolve("checkout-of-" + name);
    if (!Files.exists(checkout)) {
      FleetProject.checkOut(checkout);
    }
    return new Runner(checkout, root.resolve(name).resolve("cache"));
  }

  /** How many times a run step ran on the whole fleet. */
  int stepRuns() throws IOException {
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }

  /** The shared cache, pushing or not. */
  SharedCacheSpec shared(boolean push) {
    return FleetProject.shared(registry, REPO, push);
  }

  final class Runner {
    final Path checkout;
    final Path cache;

    Runner(Path checkout, Path cache) {
      this.checkout = checkout;
      this.cache = cache;
    }

    BuildResult build(boolean push, BuildLog log) {
      return build(shared(push), FleetProject.access(registry), log);
    }

    BuildResult build(SharedCacheSpec shared, RegistryOptions access, BuildLog log) {
      return FleetProject.build(FleetProject.plan(checkout, cache, runs, shared), access, log);
    }

    BuildResult build(UnaryOperator<SharedCacheSpec> change, BuildLog log) {
      return build(change.apply(shared(false)), FleetProject.access(registry), log);
    }
  }

  /** The access of a runner with the wrong password. */
  RegistryOptions wrongPassword() {
    return FleetProject.access(registry, RegistryServer.PASSWORD + "-wrong");
  }

  /** The lines of the log with {@code fragment}. */
  static List<String> lines(dev.imagesmith.testkit.LogLines log, String fragment) {
    return log.lines().stream().filter(l -> l.contains(fragment)).toList();
  }
}
