package dev.imagesmith.stage;

import dev.imagesmith.store.FileHashes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps' side of an incremental stage ({@code <incremental>true</incremental>}): whether this
 * run starts from the tree the last one left, what each {@code copy} step brought last time (so it
 * can remove what is gone from its source) and what it brings now (for the next run), and what the
 * steps that do nothing on a kept tree reported last time. {@link KeptTree} keeps it between
 * builds.
 *
 * <p>On a kept tree, a {@code copy} step brings only what differs from its source: a file whose
 * stage copy has the source's content, permission bits and owner root stays as it is (its mtime
 * too, so {@code make} sees it unchanged); a new or changed one is copied with the current time as
 * its mtime, as a clean copy would; what the step brought last time and is gone from the source is
 * removed. {@code extract}, {@code download} and {@code debian} steps do nothing: their inputs are
 * part of the kept tree's key, so they are what the tree was built from. {@code run} steps run.
 */
public final class IncrementalRun {
  private final boolean onKeptTree;
  private final FileHashes hashes;
  private final Map<String, List<String>> previousCopies;
  private final Map<String, StepReport> previousSteps;
  private final Map<String, List<String>> copies = new LinkedHashMap<>();

  private IncrementalRun(
      boolean onKeptTree,
      FileHashes hashes,
      Map<String, List<String>> previousCopies,
      Map<String, StepReport> previousSteps) {
    this.onKeptTree = onKeptTree;
    this.hashes = hashes == null ? FileHashes.load(null) : hashes;
    this.previousCopies = Map.copyOf(previousCopies);
    this.previousSteps = Map.copyOf(previousSteps);
  }

  /** A run from an empty sandbox that records what the next run needs. */
  public static IncrementalRun fromScratch(FileHashes hashes) {
    return new IncrementalRun(false, hashes, Map.of(), Map.of());
  }

  /**
   * A run on the tree the last one left.
   *
   * @param previousCopies each copy step's XML path to the entries it brought ({@link #entry})
   * @param previousSteps each step's report of the last run, by its XML path
   */
  static IncrementalRun onKeptTree(
      FileHashes hashes,
      Map<String, List<String>> previousCopies,
      Map<String, StepReport> previousSteps) {
    return new IncrementalRun(true, hashes, previousCopies, previousSteps);
  }

  /** Whether this run starts from the kept tree (not from scratch). */
  public boolean onKeptTree() {
    return onKeptTree;
  }

  FileHashes hashes() {
    return hashes;
  }

  /** What the copy step at {@code where} brought last time; empty from scratch. */
  List<String> previousCopy(String where) {
    return previousCopies.getOrDefault(where, List.of());
  }

  /** What the step at {@code where} reported last time, or {@code null}. */
  StepReport previousStep(String where) {
    return previousSteps.get(where);
  }

  void recordCopy(String where, List<String> entries) {
    copies.put(where, List.copyOf(entries));
  }

  /** What each copy step of this run brought, by its XML path. */
  Map<String, List<String>> copies() {
    return Map.copyOf(copies);
  }

  /** A recorded entry: its type ({@code d}, {@code f} or {@code l}), a colon, its image path. */
  static String entry(char type, String imagePath) {
    return type + ":" + imagePath;
  }
}
