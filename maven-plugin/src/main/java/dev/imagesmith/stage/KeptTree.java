package dev.imagesmith.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.store.AtomicFile;
import dev.imagesmith.store.FileHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an incremental stage keeps for its next run, beside the stage cache's state: the tree its
 * steps left is the stage's sandbox itself, whose pruned objects were moved aside rather than
 * deleted; this directory holds them ({@code aside/}, at their image paths), the sandbox's metadata
 * overlay as the steps left it ({@code metadata}, saved before pruning) and {@code state.json}: the
 * key the tree was built for ({@link StageKey#withoutCopiedFiles}), the paths moved aside, what
 * each {@code copy} step brought and what each step reported.
 *
 * <p>{@code state.json} is deleted before the tree is touched and written, atomically, only after
 * the stage succeeded: a failed or killed run leaves no kept tree, and the next run starts from
 * scratch. Nothing here is trusted beyond that: a state that does not parse, a key that differs, a
 * pruned object that cannot go back where it was (something is there, or a link leads there), an
 * overlay whose objects changed: the stage runs from scratch.
 *
 * <p>The directory is the build's own ({@code target/imagesmith-work/<execution>/stage-state}),
 * vetted as a real directory; {@code mvn clean} deletes it with the rest.
 */
public final class KeptTree {
  private static final int MAX_STATE_BYTES = 64 * 1024 * 1024;

  private final Path directory;
  private final Path workRoot;
  private final FileHashes hashes;

  /** The tree restored for an incremental run, and what its steps need to know. */
  public record Restored(Sandbox sandbox, IncrementalRun run) {}

  private KeptTree(Path directory, Path workRoot, FileHashes hashes) {
    this.directory = directory;
    this.workRoot = workRoot;
    this.hashes = hashes;
  }

  /**
   * @param workRoot a vetted directory the kept tree's directory lies below
   * @param directory the stage's own directory for what it keeps
   * @param hashes the build's hash memo, for the copy steps' comparisons
   */
  public static KeptTree at(Path workRoot, Path directory, FileHashes hashes) {
    return new KeptTree(directory, workRoot, hashes);
  }

  private Path state() {
    return directory.resolve("state.json");
  }

  private Path metadata() {
    return directory.resolve("metadata");
  }

  /**
   * The tree the last run left in {@code sandboxRoot}, with its pruned objects back, if it was
   * built for {@code key}; empty otherwise (then {@link #forget} it and start from scratch), after
   * telling {@code why} the reason.
   */
  public Optional<Restored> restore(String key, Path sandboxRoot, Consumer<String> why) {
    try {
      if (!OwnDirectories.exists(workRoot, directory)
          || !Files.isRegularFile(state(), LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(metadata(), LinkOption.NOFOLLOW_LINKS)
          || !Files.isDirectory(sandboxRoot, LinkOption.NOFOLLOW_LINKS)
          || Files.size(state()) > MAX_STATE_BYTES) {
        why.accept("no complete record of a kept tree in " + directory);
        return Optional.empty();
      }
      JsonNode state = JsonTrees.parse(Files.readAllBytes(state()));
      if (!key.equals(state.path("key").asText())) {
        why.accept("the kept tree was built for another configuration or base");
        return Optional.empty();
      }
      List<String> aside = strings(state.path("aside"));
      Map<String, List<String>> copies = new LinkedHashMap<>();
      state
          .path("copies")
          .fields()
          .forEachRemaining(e -> copies.put(e.getKey(), strings(e.getValue())));
      Map<String, StepReport> steps = new LinkedHashMap<>();
      for (JsonNode step : state.path("steps")) {
        String where = step.path("where").asText();
        steps.put(
            where,
            new StepReport(
                step.path("kind").asText(),
                where,
                0,
                strings(step.path("maintainerScriptsNotRun")),
                strings(step.path("maintainerScriptsRun"))));
      }
      // From here on the tree changes: until this run succeeds, it is kept for nothing.
      Files.delete(state());
      Path asideRoot = directory.resolve("aside");
      if (!aside.isEmpty() && !OwnDirectories.exists(workRoot, asideRoot)) {
        why.accept("what pruning moved aside is gone");
        return Optional.empty(); // a link there would bring a host directory's files back
      }
      for (String path : aside) {
        moveBack(asideRoot, path, sandboxRoot);
      }
      Sandbox sandbox = Sandbox.reopen(sandboxRoot, metadata(), aside);
      return Optional.of(new Restored(sandbox, IncrementalRun.onKeptTree(hashes, copies, steps)));
    } catch (IOException | RuntimeException e) {
      why.accept(e.getMessage() == null ? e.toString() : e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Puts a pruned object back at its image path, where nothing may be and no link may lead, from
   * its place below {@code asideRoot}, where no link may lead either.
   */
  private static void moveBack(Path asideRoot, String path, Path sandboxRoot) throws IOException {
    if (!path.startsWith("/") || !ImagePaths.lexicalClean(path).equals(path) || path.equals("/")) {
      throw new IOException("not a clean path: " + path);
    }
    Path target = throughDirectories(sandboxRoot, path);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(path + " is in the stage again");
    }
    Files.move(throughDirectories(asideRoot, path), target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code path} below {@code root}, each directory above it checked to be one, not a link. */
  private static Path throughDirectories(Path root, String path) throws IOException {
    Path current = root;
    List<String> components = ImagePaths.components(path);
    for (int i = 0; i < components.size() - 1; i++) {
      current = current.resolve(components.get(i));
      BasicFileAttributes attributes =
          Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isDirectory()) {
        throw new IOException(path + ": " + current + " is no directory");
      }
    }
    return current.resolve(components.get(components.size() - 1));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** Deletes everything kept: the next run starts from scratch. */
  public void forget() throws IOException {
    if (OwnDirectories.exists(workRoot, directory)) {
      HostFiles.deleteTree(directory);
    }
  }

  /** A run from scratch that records what the next run needs. */
  public IncrementalRun fromScratch() {
    return IncrementalRun.fromScratch(hashes);
  }

  /**
   * Saves the overlay of the tree the steps left, before pruning changes it; call before {@link
   * #aside}.
   */
  public void saveTree(Sandbox sandbox) throws IOException {
    OwnDirectories.ensure(workRoot, directory);
    sandbox.saveMetadata(metadata());
  }

  /** An empty directory, on the sandbox's file system, for what pruning moves aside. */
  public Path aside() throws IOException {
    Path aside = directory.resolve("aside");
    if (OwnDirectories.exists(workRoot, aside)) {
      HostFiles.deleteTree(aside);
    }
    return OwnDirectories.ensure(workRoot, aside);
  }

  /**
   * Records the tree as kept for {@code key}: call last, once the stage succeeded.
   *
   * @param aside the paths pruning moved aside
   */
  public void remember(String key, IncrementalRun run, StageReport report, List<String> aside)
      throws IOException {
    ObjectNode state = JsonTrees.newObject();
    state.put("key", key);
    ArrayNode paths = state.putArray("aside");
    aside.forEach(paths::add);
    ObjectNode copies = state.putObject("copies");
    run.copies().forEach((where, entries) -> entries.forEach(copies.putArray(where)::add));
    ArrayNode steps = state.putArray("steps");
    for (StepReport step : report.steps()) {
      ObjectNode node = steps.addObject().put("kind", step.kind()).put("where", step.where());
      step.maintainerScriptsNotRun().forEach(node.putArray("maintainerScriptsNotRun")::add);
      step.maintainerScriptsRun().forEach(node.putArray("maintainerScriptsRun")::add);
    }
    AtomicFile.to(state()).write(JsonTrees.compact(state));
  }
}
