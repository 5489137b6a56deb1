package dev.imagesmith.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.report.StageSummary;
import dev.imagesmith.report.StageSummaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Stages kept from the last build of this execution: a stage whose {@link
 * dev.imagesmith.stage.StageKey} is unchanged gets its previous sandbox back (host files, metadata
 * overlay and recorded summary) instead of running again.
 *
 * <p>The sandboxes stay where they were built ({@code <work>/stages/<name>}); next to them, {@code
 * <work>/stage-state/<name>.json} holds the key and summary and {@code <name>.metadata} the
 * overlay. The state file is deleted before a stage is (re)built and written, atomically, only
 * after it succeeded, so a killed or failed build never leaves a half-built sandbox marked good.
 */
final class StageCache {
  private static final int MAX_STATE_BYTES = 4 * 1024 * 1024;

  private final Path stateDirectory;

  StageCache(Path stateDirectory) {
    this.stateDirectory = stateDirectory;
  }

  /** The stage as the last build left it, if its key is {@code key} and it is all there. */
  Optional<BuiltStage> reuse(StageSpec spec, String key, Path sandboxRoot) {
    Path state = stateFile(spec);
    try {
      // Our own files, never read through a link (a FIFO or /dev/zero would hang the build).
      if (!Files.isDirectory(sandboxRoot, LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(metadataFile(spec), LinkOption.NOFOLLOW_LINKS)
          || Files.size(state) > MAX_STATE_BYTES) {
        return Optional.empty();
      }
      ObjectNode json = (ObjectNode) JsonTrees.parse(Files.readAllBytes(state));
      if (!key.equals(json.path("key").asText())) {
        return Optional.empty();
      }
      StageSummary summary = StageSummaryJson.fromTree(json.path("summary"));
      Sandbox sandbox = Sandbox.reopen(sandboxRoot, metadataFile(spec));
      return Optional.of(new BuiltStage(spec, sandbox, summary));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // damaged state: the stage simply runs again
    }
  }

  /** Marks the stage as not built: call before its sandbox is touched. */
  void forget(StageSpec spec) throws IOException {
    Files.deleteIfExists(stateFile(spec));
    Files.deleteIfExists(metadataFile(spec));
  }

  /** Records a stage that was built successfully: overlay first, then the state naming it. */
  void remember(BuiltStage stage, String key) throws IOException {
    Files.createDirectories(stateDirectory);
    stage.sandbox().saveMetadata(metadataFile(stage.spec()));
    ObjectNode json = JsonTrees.newObject();
    json.put("key", key);
    json.set("summary", StageSummaryJson.toTree(stage.summary()));
    Path temp = Files.createTempFile(stateDirectory, ".state-", ".partial");
    try {
      Files.write(temp, JsonTrees.compact(json));
      Files.move(
          temp,
          stateFile(stage.spec()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The vetted directory of the state files, where incremental stages keep their trees too. */
  Path stateDirectory() {
    return stateDirectory;
  }

  private Path stateFile(StageSpec spec) {
    return stateDirectory.resolve(spec.name() + ".json"); // names are [A-Za-z0-9._-], validated
  }

  private Path metadataFile(StageSpec spec) {
    return stateDirectory.resolve(spec.name() + ".metadata");
  }
}
