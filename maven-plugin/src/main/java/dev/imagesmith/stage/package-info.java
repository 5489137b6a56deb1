/**
 * The steps that fill a builder stage's sandbox and the runner that executes them in order.
 *
 * <p>One {@link dev.imagesmith.stage.StepExecutor} per step kind ({@code copy}, {@code download},
 * {@code run}; {@code extract} comes from the archive extractor), wired by {@link
 * dev.imagesmith.stage.StageRunner}, which reports each step's time in a {@link
 * dev.imagesmith.stage.StageReport}. {@link dev.imagesmith.stage.DiskUsage} measures a tree the way
 * every report counts bytes. {@link dev.imagesmith.stage.StageCache} keeps a stage's sandbox from
 * one build to the next, found again by its {@link dev.imagesmith.stage.StageKey}. A run step of a
 * stage with {@code <isolation>stage</isolation>} goes to {@link
 * dev.imagesmith.stage.IsolatedRunStep}, which runs it inside the stage through {@code isolation};
 * a {@code debian} step of such a stage goes to {@link dev.imagesmith.stage.StageDpkg}, which lets
 * the stage's own dpkg install the verified packages the same way, maintainer scripts and all.
 * {@link dev.imagesmith.stage.CacheMounts} keeps the run steps' cache mounts in the user's cache,
 * one step at a time ({@link dev.imagesmith.stage.CacheMountLock}).
 *
 * <p>An incremental stage ({@code <incremental>true</incremental>}) runs its steps again on the
 * tree they left: {@link dev.imagesmith.stage.IncrementalStage} decides, for the stage builder,
 * whether a run starts from that tree or from scratch, {@link dev.imagesmith.stage.KeptTree} keeps
 * it between builds (key, pruned objects moved aside, overlay, what each copy step brought), and
 * {@link dev.imagesmith.stage.IncrementalRun} tells the steps: a {@code copy} step brings only what
 * differs ({@link dev.imagesmith.stage.CopyDifference}), {@code extract}, {@code download} and
 * {@code debian} steps keep what they brought.
 *
 * <p>May import {@code fs}, {@code plan}, {@code error}, {@code event}, {@code io}, {@code
 * fs.archive} (for extract steps), {@code debian} (the {@code debian} step), {@code isolation},
 * {@code net} (the {@code download} step's proxies), {@code store} (the download cache, files put
 * in place), {@code image.Digest} and Jackson (the stage cache's state file); never Maven, Jib or
 * {@code prune}.
 */
package dev.imagesmith.stage;
