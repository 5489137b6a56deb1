package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@code copy} step on an incremental stage's kept tree ({@link IncrementalRun}): which of the
 * source's objects the stage already holds as a copy would make them, and which of what the step
 * brought last time is gone from the source.
 *
 * <p>"As a copy would make it" is judged by content, never by mtime: a regular file whose stage
 * object is a regular file of one name with the same SHA-256 (both hashed through the build's memo,
 * so an unchanged file is not read again), the same mode (special bits included) and owner root; a
 * symlink with the same target text. Whatever differs is copied again, whoever changed it: a later
 * step that edited a copied file in place gets the source's file back, as it would from scratch.
 */
final class CopyDifference {
  private final Sandbox sandbox;
  private final IncrementalRun run;
  private final Set<String> before;

  CopyDifference(Sandbox sandbox, IncrementalRun run, String where) {
    this.sandbox = sandbox;
    this.run = run;
    this.before = new HashSet<>(run.previousCopy(where));
  }

  /** Whether the step brought {@code entry} ({@link IncrementalRun#entry}) last time. */
  boolean broughtBefore(String entry) {
    return before.contains(entry);
  }

  /**
   * Whether the stage's object at {@code entry} is what copying {@code source} (of one name, or a
   * symlink) would make.
   *
   * @param source the source object, whose {@code facts} were read
   */
  boolean unchanged(Path source, SourceFacts facts, Sandbox.Resolved entry) throws IOException {
    Optional<SandboxEntry> found = sandbox.stat(entry.imagePath());
    if (found.isEmpty()) {
      return false;
    }
    SandboxEntry existing = found.get();
    if (existing.uid() != 0 || existing.gid() != 0 || !existing.xattrs().isEmpty()) {
      return false;
    }
    if (facts.symlink()) {
      return existing.isSymlink()
          && Files.readSymbolicLink(source).toString().equals(existing.linkTarget());
    }
    return existing.isRegularFile()
        && existing.linkCount() == 1
        && existing.mode() == facts.mode()
        && existing.size() == facts.size()
        && run.hashes().hash(source).equals(run.hashes().hash(existing.hostPath()));
  }

  /**
   * Removes what the step brought last time and not now: files and symlinks, then the directories
   * it made, deepest first, each only while empty (a later step may have put its own files there).
   * A path that a symlink now leads through is left alone: it is no longer the object the step
   * brought.
   *
   * @param brought what the step brought this time ({@link IncrementalRun#entry})
   */
  void removeGone(List<String> brought, BuildLog log) throws IOException {
    Set<String> now = new HashSet<>();
    brought.forEach(entry -> now.add(entry.substring(2)));
    List<String> gone =
        before.stream()
            .filter(entry -> !now.contains(entry.substring(2)))
            .sorted(
                Comparator.comparingInt(
                        (String entry) -> -ImagePaths.components(entry.substring(2)).size())
                    .thenComparing(entry -> entry))
            .toList();
    int removed = 0;
    for (String entry : gone) {
      String path = entry.substring(2);
      if (!sandbox.resolveEntry(path).imagePath().equals(path)) {
        continue;
      }
      Optional<SandboxEntry> existing = sandbox.stat(path);
      if (existing.isEmpty()) {
        continue;
      }
      if (entry.charAt(0) == 'd') {
        if (existing.get().isDirectory() && empty(existing.get().hostPath())) {
          sandbox.delete(path);
          removed++;
        }
      } else if (!existing.get().isDirectory()) {
        sandbox.delete(path);
        removed++;
      }
    }
    if (removed > 0) {
      log.info("  removed " + removed + " objects the source no longer has");
    }
  }

  private static boolean empty(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return children.findAny().isEmpty();
    }
  }
}
