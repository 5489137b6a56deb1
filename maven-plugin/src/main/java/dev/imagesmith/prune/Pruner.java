package dev.imagesmith.prune;

import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.PruneSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes what prune rules match from a sandbox.
 *
 * <p>One walk of the whole sandbox that never follows a link decides everything before anything is
 * deleted, so rules see the tree as the steps left it and a glob never descends through a symlinked
 * directory. The first rule (in order) that matches an entry removes it with everything below it;
 * deletion goes through {@link Sandbox#delete}, which removes a symlink itself, never its target,
 * and refuses the root. Patterns cannot name anything outside the stage ({@link Glob}). For an
 * incremental stage, what the rules match is moved aside instead, out of the layers' way but kept
 * for the stage's next run.
 */
public final class Pruner {
  private Pruner() {}

  /**
   * Applies the rules {@code spec} turns on.
   *
   * @param where the XML path of the prune configuration, named in errors
   * @throws dev.imagesmith.error.UserInputException for an invalid exclude pattern, before anything
   *     is removed
   */
  public static PruneReport prune(Sandbox sandbox, PruneSpec spec, String where)
      throws IOException {
    return prune(sandbox, PruneRules.of(spec, where), null, sandbox.walk("/"));
  }

  /**
   * As {@link #prune(Sandbox, PruneSpec, String)}, but what the rules match is moved to the same
   * paths below {@code aside} instead of deleted ({@link Sandbox#moveAside}), when it is not {@code
   * null}: the layers lack it all the same, and an incremental stage's next run gets it back. The
   * rules decide on {@code walked}, the caller's {@link Sandbox#walk} of the whole sandbox as it is
   * now (one walk for the stage's size too).
   */
  public static PruneReport prune(
      Sandbox sandbox, PruneSpec spec, String where, Path aside, List<SandboxEntry> walked)
      throws IOException {
    return prune(sandbox, PruneRules.of(spec, where), aside, walked);
  }

  /** Applies {@code rules}, in order. */
  public static PruneReport prune(Sandbox sandbox, List<PruneRule> rules) throws IOException {
    return prune(sandbox, rules, null, sandbox.walk("/"));
  }

  private static PruneReport prune(
      Sandbox sandbox, List<PruneRule> rules, Path aside, List<SandboxEntry> entries)
      throws IOException {
    Map<Object, Integer> namesOfInode = new HashMap<>();
    for (SandboxEntry entry : entries) {
      if (entry.isRegularFile()) {
        namesOfInode.merge(inode(entry), 1, Integer::sum);
      }
    }

    Tally[] tallies = new Tally[rules.size()];
    for (int i = 0; i < tallies.length; i++) {
      tallies[i] = new Tally();
    }
    Map<Object, Integer> removedNamesOfInode = new HashMap<>();
    String removing = null; // the matched directory whose descendants are being passed over
    Tally removingTally = null;
    for (SandboxEntry entry : entries) {
      // The walk is sorted parents-first with each subtree contiguous.
      if (removing != null && ImagePaths.isWithin(entry.path(), removing)) {
        removingTally.count(entry, namesOfInode, removedNamesOfInode);
        continue;
      }
      removing = null;
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).matches(entry)) {
          tallies[i].removed.add(entry.path());
          tallies[i].count(entry, namesOfInode, removedNamesOfInode);
          removing = entry.path();
          removingTally = tallies[i];
          break;
        }
      }
    }

    List<RuleSavings> savings = new ArrayList<>();
    Map<String, List<String>> removed = new HashMap<>();
    long files = 0;
    long bytes = 0;
    for (int i = 0; i < rules.size(); i++) {
      Tally tally = tallies[i];
      for (String path : tally.removed) {
        if (aside == null) {
          sandbox.delete(path);
        } else {
          sandbox.moveAside(path, aside);
        }
      }
      PruneRule rule = rules.get(i);
      savings.add(new RuleSavings(rule.name(), tally.files, tally.bytes));
      // Two rules of one name (the same exclude twice): the first took every match.
      removed.merge(rule.name(), List.copyOf(tally.removed), (first, second) -> first);
      files += tally.files;
      bytes += tally.bytes;
    }
    return new PruneReport(savings, removed, files, bytes);
  }

  private static Object inode(SandboxEntry entry) {
    return entry.fileKey() != null ? entry.fileKey() : entry.path();
  }

  /** What one rule removes. */
  private static final class Tally {
    final List<String> removed = new ArrayList<>();
    long files;
    long bytes;

    void count(
        SandboxEntry entry, Map<Object, Integer> namesOfInode, Map<Object, Integer> removedNames) {
      if (entry.isDirectory()) {
        return;
      }
      files++;
      if (entry.isRegularFile()) {
        Object inode = inode(entry);
        // Only the removal of an inode's last name in the stage frees its bytes, credited once.
        if (removedNames.merge(inode, 1, Integer::sum).equals(namesOfInode.get(inode))) {
          bytes += entry.size();
        }
      }
    }
  }
}
