package dev.imagesmith.build;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.StageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The execution's work directory ({@code target/imagesmith-work/<execution>}) at the start of a
 * build. Without the cache it starts empty. With it, the stage sandboxes of the stages still
 * configured, their saved state, the file-hash memo and the layer blobs of the last build (links
 * into the layer cache, see {@link WorkBlobs}) are kept for the stage and layer caches; everything
 * else (sandboxes of stages no longer configured, leftovers) goes.
 */
final class WorkDirectory {
  static final String STAGES = "stages";
  static final String STAGE_STATE = "stage-state";
  static final String FILE_HASHES = "file-hashes";
  static final String BLOBS = "blobs";

  private WorkDirectory() {}

  static void prepare(Path work, BuildPlan plan) throws IOException {
    if (!plan.cache()) {
      HostFiles.deleteTree(work);
      Files.createDirectories(work);
      return;
    }
    Files.createDirectories(work);
    deleteAllBut(
        work,
        Set.of(STAGES, STAGE_STATE, FILE_HASHES, BLOBS, OutputReuse.STATE, OutputReuse.ASIDE));
    Path stages = work.resolve(STAGES);
    if (Files.isDirectory(stages)) {
      deleteAllBut(stages, plan.stages().stream().map(StageSpec::name).collect(Collectors.toSet()));
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
