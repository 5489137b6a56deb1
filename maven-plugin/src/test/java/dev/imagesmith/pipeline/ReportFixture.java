package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A known image with known waste, built by the real pipeline from scratch:
 *
 * <ul>
 *   <li>layer 1 {@code files:/data}: big.bin (300000 random bytes), sub/x.bin (50000), a.txt, a
 *       README under share/doc that pruning removes;
 *   <li>layer 2 {@code files:/data/sub}: ships sub/x.bin again, hiding layer 1's copy
 *       (overwritten);
 *   <li>layer 3 {@code other:/copy}: big-again.bin, the same bytes as big.bin (duplicated).
 * </ul>
 *
 * Wasted bytes are therefore exactly 50000 + 300000.
 */
final class ReportFixture {
  static final long BIG = 300_000;

  /** The XML paths of the budget's limits, as the Maven side names them. */
  static final BudgetSpec.Paths BUDGET_PATHS =
      new BudgetSpec.Paths(
          "<budget>/<maxSize>",
          "<budget>/<maxCompressedSize>",
          "<budget>/<maxLayers>",
          "<budget>/<maxWastedBytes>");

  static final long SUB = 50_000;
  static final String HOSTILE_NAME = "a<b>&\"q'.txt";

  private ReportFixture() {}

  static BuildPlan plan(Path dir, ChecksSpec checks) throws IOException {
    Path files = Files.createDirectories(dir.resolve("payload/data/sub"));
    byte[] big = new byte[(int) BIG];
    new Random(42).nextBytes(big);
    byte[] sub = new byte[(int) SUB];
    new Random(7).nextBytes(sub);
    Files.write(files.getParent().resolve("big.bin"), big);
    Files.write(files.resolve("x.bin"), sub);
    // A name full of markup: the report must show it as text.
    Files.writeString(files.getParent().resolve(HOSTILE_NAME), "x".repeat(3000));
    Files.createDirectories(dir.resolve("payload/usr/share/doc/x"));
    Files.writeString(dir.resolve("payload/usr/share/doc/x/README"), "docs ".repeat(200));
    Path copy = Files.createDirectories(dir.resolve("other/copy"));
    Files.write(copy.resolve("big-again.bin"), big);
    String stages = "<stages>/<stage>";
    return TestPlans.in(dir)
        .stages(
            List.of(
                new StageSpec(
                    "files",
                    null,
                    List.of(new StepSpec.Copy(dir.resolve("payload"), "/", stages + "[1]/<copy>")),
                    PruneSpec.defaults(),
                    stages + "[1] (files)"),
                new StageSpec(
                    "other",
                    null,
                    List.of(new StepSpec.Copy(dir.resolve("other"), "/", stages + "[2]/<copy>")),
                    PruneSpec.defaults(),
                    stages + "[2] (other)")))
        .layers(
            List.of(
                new LayerSpec("files", "/data", "<layers>/<layer>[1]"),
                new LayerSpec("files", "/data/sub", "<layers>/<layer>[2]"),
                new LayerSpec("other", "/copy", "<layers>/<layer>[3]")))
        .to(TestPlans.image("example.org/report/known:1"))
        .workDirectory(dir.resolve("target/work"))
        .checks(checks)
        .build();
  }

  static ChecksSpec budget(BudgetSpec budget) {
    return new ChecksSpec(budget, true, List.of());
  }

  static BuildResult build(BuildPlan plan) {
    return new ImageBuilder(BuildLog.silent()).build(plan);
  }
}
