package dev.imagesmith.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stages kept from the last build of this execution: a stage whose {@link StageKey} is unchanged
 * gets its previous sandbox back (host files, metadata overlay and recorded summary) instead of
 * running again.
 *
 * <p>The sandboxes stay where they were built ({@code <work>/stages/<name>}); next to them, {@code
 * <work>/stage-state/<name>.json} holds the key and summary and {@code <name>.metadata} the
 * overlay. The state file is deleted before a stage is (re)built and written, atomically, only
 * after it succeeded, so a killed or failed build never leaves a half-built sandbox marked good.
 *
 * @param <S> the stage's summary, kept as JSON through the codec the caller gives
 */
public final class StageCache<S> {
  private static final int MAX_STATE_BYTES = 4 * 1024 * 1024;

  /** A stage as the last build left it. */
  public record Kept<S>(Sandbox sandbox, S summary) {}

  private final Path stateDirectory;
  private final Function<S, JsonNode> toJson;
  private final Function<JsonNode, S> fromJson;

  /**
   * @param stateDirectory {@code <work>/stage-state}, vetted by the caller
   * @param fromJson reads a summary back; may throw on a damaged one, which is then a miss
   */
  public StageCache(
      Path stateDirectory, Function<S, JsonNode> toJson, Function<JsonNode, S> fromJson) {
    this.stateDirectory = stateDirectory;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  /**
   * The stage as the last build left it, if its key is {@code key} and it is all there; why not (or
   * that it is) goes to {@code debug}, for {@code mvn -X}.
   */
  public Optional<Kept<S>> reuse(
      String stage, String key, Path sandboxRoot, Consumer<String> debug) {
    Path state = stateFile(stage);
    try {
      // Our own files, never read through a link (a FIFO or /dev/zero would hang the build).
      if (!Files.isDirectory(sandboxRoot, LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(metadataFile(stage), LinkOption.NOFOLLOW_LINKS)
          || Files.size(state) > MAX_STATE_BYTES) {
        debug.accept("  stage cache: no complete earlier build in " + state.getParent() + ": run");
        return Optional.empty();
      }
      ObjectNode json = (ObjectNode) JsonTrees.parse(Files.readAllBytes(state));
      String recorded = json.path("key").asText();
      if (!key.equals(recorded)) {
        debug.accept(
            "  stage cache: key " + key + " differs from the last build's " + recorded + ": run");
        return Optional.empty();
      }
      S summary = fromJson.apply(json.path("summary"));
      Sandbox sandbox = Sandbox.reopen(sandboxRoot, metadataFile(stage));
      debug.accept("  stage cache: key " + key + " as in the last build: reused " + sandboxRoot);
      return Optional.of(new Kept<>(sandbox, summary));
    } catch (NoSuchFileException e) {
      debug.accept("  stage cache: " + e.getMessage() + " is gone: run");
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      debug.accept("  stage cache: damaged state " + state + " (" + e + "): run");
      return Optional.empty(); // damaged state: the stage simply runs again
    }
  }

  /**
   * Whether an earlier build of the stage is recorded (its key may match); {@code false} means
   * {@link #reuse} would miss whatever the key.
   */
  public boolean holds(String stage) {
    return Files.exists(stateFile(stage), LinkOption.NOFOLLOW_LINKS);
  }

  /** Marks the stage as not built: call before its sandbox is touched. */
  public void forget(String stage) throws IOException {
    Files.deleteIfExists(stateFile(stage));
    Files.deleteIfExists(metadataFile(stage));
  }

  /** Records a stage that was built successfully: overlay first, then the state naming it. */
  public void remember(String stage, String key, Sandbox sandbox, S summary) throws IOException {
    Files.createDirectories(stateDirectory);
    sandbox.saveMetadata(metadataFile(stage));
    ObjectNode json = JsonTrees.newObject();
    json.put("key", key);
    json.set("summary", toJson.apply(summary));
    AtomicFile.to(stateFile(stage)).write(JsonTrees.compact(json));
  }

  /** The vetted directory of the state files, where incremental stages keep their trees too. */
  public Path stateDirectory() {
    return stateDirectory;
  }

  private Path stateFile(String stage) {
    return stateDirectory.resolve(stage + ".json"); // names are [A-Za-z0-9._-], validated
  }

  private Path metadataFile(String stage) {
    return stateDirectory.resolve(stage + ".metadata");
  }
}
