package dev.imagesmith.pipeline;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.store.OutputReuse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The execution's work directory ({@code target/imagesmith-work/<execution>}) at the start of a
 * build. Without the cache it starts empty. With it, the stage sandboxes of the stages still
 * configured, their saved state, the file-hash memo and the layer blobs of the last build (links
 * into the layer cache, see {@link dev.imagesmith.layer.WorkBlobs}) are kept for the stage and
 * layer caches; everything else (sandboxes of stages no longer configured, leftovers) goes.
 *
 * <p>The work directory and its {@code stages}, {@code stage-state} and {@code blobs} are real
 * directories, never links ({@link OwnDirectories}); a link among the leftovers is removed as a
 * link.
 */
final class WorkDirectory {
  static final String STAGES = "stages";
  static final String STAGE_STATE = "stage-state";
  static final String FILE_HASHES = "file-hashes";
  static final String BLOBS = "blobs";

  private WorkDirectory() {}

  /** Makes sure {@code work} is a real directory below the build directory, refusing links. */
  static Path vet(BuildPlan plan) throws IOException {
    Path work = plan.workDirectory();
    return OwnDirectories.ensure(OwnDirectories.trustedRoot(plan.buildDirectory(), work), work);
  }

  /** Prepares {@code work}, which {@link #vet} vetted. */
  static void prepare(Path work, BuildPlan plan) throws IOException {
    if (!plan.cache()) {
      HostFiles.deleteTree(work);
      OwnDirectories.ensure(work, work);
    } else {
      deleteAllBut(
          work,
          Set.of(
              STAGES,
              STAGE_STATE,
              FILE_HASHES,
              BLOBS,
              OutputReuse.STATE,
              OutputReuse.ASIDE,
              UpToDate.FILE));
    }
    for (String name : List.of(STAGES, STAGE_STATE, BLOBS)) {
      OwnDirectories.ensure(work, work.resolve(name));
    }
    if (plan.cache()) {
      deleteAllBut(
          work.resolve(STAGES),
          plan.stages().stream().map(StageSpec::name).collect(Collectors.toSet()));
    }
  }

  private static void deleteAllBut(Path directory, Set<String> keep) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : children.toList()) {
        if (!keep.contains(child.getFileName().toString())) {
          HostFiles.deleteTree(child);
        }
      }
    }
  }
}
