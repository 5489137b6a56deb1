package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a stage's steps in the user's order on its sandbox, one {@link StepExecutor} per step kind,
 * and reports each step's time and the stage's size afterwards (before pruning, which the caller
 * does). The first failing step stops the stage; the sandbox is then unfit for use.
 */
public final class StageRunner {
  private final Map<Class<? extends StepSpec>, StepExecutor<?>> executors = new HashMap<>();
  private final BuildLog log;
  private boolean linkCopies;
  private final CacheMounts caches;

  /**
   * @param projectBasedir what relative copy sources were resolved against, named in errors
   * @param cacheDirectory the user's cache; downloads are kept in {@code downloads/sha256/} below
   *     it
   * @param offline Maven's offline flag: downloads come from the cache only
   * @param platform the image's {@code os/arch[/variant]}: the default architecture of {@code
   *     debian} steps
   */
  public StageRunner(
      Path projectBasedir, Path cacheDirectory, boolean offline, String platform, BuildLog log) {
    this(
        projectBasedir,
        cacheDirectory,
        offline,
        platform,
        Fetching.DEFAULT,
        "auto",
        Instant.EPOCH,
        log);
  }

  /**
   * @param fetching how {@code download} and {@code debian} steps fetch: limits, proxies, mirror
   * @param isolationMechanism how stage-isolated run steps are isolated: {@code auto}, {@code
   *     unshare}, {@code bwrap} or {@code proot}; probed at the first such step
   * @param timestamp the build timestamp, {@code SOURCE_DATE_EPOCH} of the maintainer scripts a
   *     stage-isolated stage's dpkg runs
   */
  public StageRunner(
      Path projectBasedir,
      Path cacheDirectory,
      boolean offline,
      String platform,
      Fetching fetching,
      String isolationMechanism,
      Instant timestamp,
      BuildLog log) {
    this(
        projectBasedir,
        cacheDirectory,
        offline,
        platform,
        fetching,
        isolationMechanism,
        timestamp,
        CacheMountsSpec.DEFAULT,
        log);
  }

  /**
   * @param cacheMounts whether the run steps' cache mounts are emptied first ({@link
   *     #clearCacheMounts}), and how long a step waits for one another build holds; they live in
   *     {@code mounts/} below {@code cacheDirectory}
   */
  public StageRunner(
      Path projectBasedir,
      Path cacheDirectory,
      boolean offline,
      String platform,
      Fetching fetching,
      String isolationMechanism,
      Instant timestamp,
      CacheMountsSpec cacheMounts,
      BuildLog log) {
    this.log = log;
    this.caches = new CacheMounts(cacheDirectory, cacheMounts, log);
    IsolatedRunStep isolated = new IsolatedRunStep(isolationMechanism, platform);
    register(StepSpec.Copy.class, new CopyStepExecutor(projectBasedir));
    register(
        StepSpec.Download.class,
        new DownloadStepExecutor(
            new DownloadCache(cacheDirectory), offline, fetching.limits(), fetching.proxies()));
    register(StepSpec.Run.class, new RunStepExecutor(isolated, caches));
    register(StepSpec.Extract.class, new ExtractStepExecutor(projectBasedir));
    register(
        StepSpec.Debian.class,
        new DebianStepExecutor(cacheDirectory, offline, platform, fetching, isolated, timestamp));
  }

  /**
   * Empties the cache mounts the run steps of {@code stages} name, when {@code
   * image.cacheMounts.clear} asked for it; call once, before the first stage.
   */
  public void clearCacheMounts(List<StageSpec> stages) throws IOException {
    caches.clearIfAsked(stages);
  }

  /**
   * Lets the {@code copy} steps tell {@code hashes} the hash of each copy whose source it knew, so
   * that the layer's key need not read the stage's copies again ({@link CopyStepExecutor}).
   *
   * @param projectBasedir as given to the constructor
   * @param hashes the build's hash memo; {@code null} changes nothing
   */
  public void rememberCopies(Path projectBasedir, FileHashes hashes) {
    if (hashes != null) {
      register(StepSpec.Copy.class, new CopyStepExecutor(projectBasedir, hashes));
    }
  }

  /**
   * Lets the {@code copy} steps of a copy-only stage that is not incremental link the project's
   * files into the stage instead of copying them ({@link SourceLinks}); after {@link
   * #rememberCopies}, which gives them the memo the links need. Only with the stage cache, which
   * forgets an incremental stage's kept tree whenever the stage is not incremental (so none is ever
   * run on linked files).
   */
  public void linkCopies() {
    linkCopies = true;
  }

  private <S extends StepSpec> void register(Class<S> kind, StepExecutor<S> executor) {
    executors.put(kind, executor);
  }

  /**
   * Runs every step of {@code stage} on {@code sandbox}.
   *
   * @throws UserInputException when a step's configuration or input is wrong, or a command fails
   * @throws IOException when the host fails
   */
  public StageReport run(StageSpec stage, Sandbox sandbox) throws IOException {
    return run(stage, sandbox, List.of());
  }

  /**
   * Runs every step of {@code stage} on {@code sandbox}, whose base image has the environment
   * {@code baseEnvironment} ({@code NAME=value} entries of its config's {@code Env}).
   */
  public StageReport run(StageSpec stage, Sandbox sandbox, List<String> baseEnvironment)
      throws IOException {
    return run(stage, sandbox, baseEnvironment, null);
  }

  /**
   * As {@link #run(StageSpec, Sandbox, List)} for an incremental stage: on a kept tree, {@code
   * extract}, {@code download} and {@code debian} steps do nothing ({@link IncrementalRun}).
   *
   * @param incremental {@code null} for a stage that is not incremental
   */
  public StageReport run(
      StageSpec stage, Sandbox sandbox, List<String> baseEnvironment, IncrementalRun incremental)
      throws IOException {
    StepContext context =
        new StepContext(
            stage.name(), sandbox, log, stage.isolation(), baseEnvironment, incremental);
    List<StepReport> reports = new ArrayList<>();
    boolean linking = linkCopies && incremental == null && SourceLinks.apply(stage);
    for (StepSpec step : stage.steps()) {
      String kind = kindOf(step);
      if (incremental != null && incremental.onKeptTree() && keptAsIs(step)) {
        log.info(context.describe(step, kind) + ": its input is unchanged, the kept tree has it");
        StepReport last = incremental.previousStep(step.where());
        reports.add(
            new StepReport(
                kind,
                step.where(),
                0,
                last == null ? List.of() : last.maintainerScriptsNotRun(),
                last == null ? List.of() : last.maintainerScriptsRun()));
        continue;
      }
      log.info(context.describe(step, kind));
      long start = System.nanoTime();
      StepOutcome outcome;
      try (Progress progress =
          Progress.stillRunning(log, context.describe(step, kind), Progress.STEP_INTERVAL)) {
        outcome =
            linking && step instanceof StepSpec.Copy copy
                ? ((CopyStepExecutor) executors.get(StepSpec.Copy.class))
                    .execute(copy, context, true)
                : executorFor(step).execute(step, context);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.info(
          context.describe(step, kind) + String.format(Locale.ROOT, " done (%.1f s)", seconds));
      reports.add(
          new StepReport(
              kind,
              step.where(),
              seconds,
              outcome.maintainerScriptsNotRun(),
              outcome.maintainerScriptsRun(),
              outcome.debianPackages()));
    }
    // Its size before pruning comes from pruning's own walk of the whole stage.
    return new StageReport(stage.name(), reports);
  }

  /** The steps whose whole input is in the kept tree's key: on a kept tree they do nothing. */
  private static boolean keptAsIs(StepSpec step) {
    return step instanceof StepSpec.Extract
        || step instanceof StepSpec.Download
        || step instanceof StepSpec.Debian;
  }

  /** The kind name the user writes for a step: {@code copy}, {@code extract}, ... */
  public static String kindOf(StepSpec step) {
    if (step instanceof StepSpec.Copy) {
      return "copy";
    } else if (step instanceof StepSpec.Extract) {
      return "extract";
    } else if (step instanceof StepSpec.Download) {
      return "download";
    } else if (step instanceof StepSpec.Run) {
      return "run";
    } else if (step instanceof StepSpec.Debian) {
      return "debian";
    }
    throw new IllegalArgumentException("unknown step " + step);
  }

  @SuppressWarnings("unchecked") // register() pairs each record class with its own executor
  private StepExecutor<StepSpec> executorFor(StepSpec step) {
    StepExecutor<?> executor = executors.get(step.getClass());
    if (executor == null) {
      throw new IllegalStateException("no executor registered for " + step.getClass());
    }
    return (StepExecutor<StepSpec>) executor;
  }
}
