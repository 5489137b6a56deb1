package dev.imagesmith.testkit;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.stage.CacheMounts;
import dev.imagesmith.stage.RunStepExecutor;
import dev.imagesmith.stage.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one stage-isolated run step with the cache mount {@code /root/.ccache} in a fresh busybox
 * stage, optionally after planting a symlink in the stage, and prints what the stage and the cache
 * hold: the engine's code in another JVM (as another user, by {@link OtherUser}).
 *
 * <p>Arguments: mechanism, work directory, the stage path of the symlink to plant (or {@code -}),
 * its target, the command. Prints {@code seen=...} (the stage's {@code /seen}) and {@code
 * cache=...} (the names in the cache directory).
 */
public final class CacheMountStepMain {
  private CacheMountStepMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[1]);
    Sandbox sandbox = Sandbox.create(work.resolve("stages/builder"));
    BusyboxStage.fill(sandbox.root());
    if (!args[2].equals("-")) {
      Files.createSymbolicLink(sandbox.root().resolve(args[2].substring(1)), Path.of(args[3]));
    }
    CacheMounts mounts =
        new CacheMounts(
            work.resolve("cache"), new CacheMountsSpec(false, Duration.ZERO), new StdoutLog());
    new RunStepExecutor(args[0], mounts)
        .execute(
            new StepSpec.Run(
                args[4],
                Map.of(),
                "/",
                true,
                null,
                List.of(new CacheMount("ccache", "/root/.ccache", "caches/cache[1]")),
                "steps/run[1]"),
            new StepContext("builder", sandbox, new StdoutLog(), RunIsolation.STAGE, List.of()));
    Path seen = sandbox.root().resolve("seen");
    System.out.println("seen=" + (Files.exists(seen) ? Files.readString(seen).strip() : ""));
    try (Stream<Path> names = Files.list(work.resolve("cache/mounts/ccache"))) {
      System.out.println("cache=" + names.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
