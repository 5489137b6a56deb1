package dev.imagesmith.testkit;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.stage.RunStepExecutor;
import dev.imagesmith.stage.StepContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one stage-isolated run step in a fresh busybox stage and writes the layer of one path of it,
 * printing {@code digest=sha256:...}: the same engine code, started in another JVM (as another
 * user, by {@link OtherUser}).
 *
 * <p>Arguments: mechanism, work directory, command, layer path (for example {@code /srv}).
 */
public final class IsolatedStepMain {
  public static final Instant CLAMP = Instant.parse("2024-01-01T00:00:00Z");

  private IsolatedStepMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[1]);
    System.out.println("digest=" + layer(args[0], work, args[2], args[3]).digest());
  }

  /** Builds the stage in {@code work/stages/builder}, runs the step, writes the layer. */
  public static WrittenLayer layer(String mechanism, Path work, String command, String layerPath)
      throws Exception {
    Sandbox sandbox = Sandbox.create(work.resolve("stages/builder"));
    BusyboxStage.fill(sandbox.root());
    new RunStepExecutor(mechanism)
        .execute(
            new StepSpec.Run(command, Map.of(), "/", "steps/run[1]"),
            new StepContext("builder", sandbox, new StdoutLog(), RunIsolation.STAGE, List.of()));
    return new LayerWriter(Compression.GZIP, CLAMP, LowerIndex.empty())
        .write(sandbox, layerPath, work.resolve("blobs"));
  }
}
