package dev.imagesmith.pipeline;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.SizeTable;
import dev.imagesmith.sbom.SupplyChain;
import dev.imagesmith.sharedcache.SharedStages;
import dev.imagesmith.stage.IncrementalStage;
import dev.imagesmith.stage.StageKey;
import dev.imagesmith.store.AtomicFile;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.store.OutputReuse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A rebuild that would make the same image and the same outputs again does nothing but put the last
 * build's outputs back: what decides them is the plan (the whole configuration), the base image's
 * digest and each stage's key, the same key the stage cache keeps a stage under (its configuration,
 * its base and the content of every file it reads). When all of them are the last successful
 * build's and every output of that build is untouched since ({@link
 * OutputReuse#restoreAllUntouched}, the SBOM and provenance also by their ctime or else their
 * digests), no stage is opened, no layer planned and nothing checked or written again: the image is
 * the one those outputs hold.
 *
 * <p>Only a build whose every input is covered so: the stage cache on, one platform, no stage of
 * the shared cache and cache mounts not to be emptied; and only after a build that kept each
 * incremental stage unchanged (image.json says how the build got it). The built-in {@code project}
 * stage's files (classes, jar, libraries) count as the inputs of a stage of copy steps reading them
 * would. Anything else, or any difference, and the build runs as always, with the stage keys
 * computed here handed to the stages instead of computed again.
 */
final class UpToDate {
  static final String FILE = "up-to-date";

  /**
   * {@code -Dimagesmith.upToDate=false} runs every build through the whole pipeline: for tests of
   * what a rebuild that changes nothing does when it does run.
   */
  static final String PROPERTY = "imagesmith.upToDate";

  private static final String HEADER = "imagesmith up-to-date 1";

  /** A record holds a fingerprint, a digest and a size table: far less than this. */
  private static final int MAX_BYTES = 1 << 20;

  /**
   * What the last successful build recorded: its fingerprint, digest, its SBOM's and provenance's
   * file facts ({@link #documentFacts}), its checks' log line ({@code null}: none) and its size
   * table.
   */
  record Recorded(
      String fingerprint,
      Digest digest,
      String documents,
      String checksLine,
      List<String> sizeTable) {}

  private UpToDate() {}

  /** Whether every input of {@code plan}'s image is covered by the fingerprint. */
  static boolean applies(BuildPlan plan, Workspace workspace, SharedStages shared) {
    return !"false".equals(System.getProperty(PROPERTY))
        && plan.cache()
        && workspace.hashes() != null
        && shared == SharedStages.NONE
        && !plan.cacheMounts().clear();
  }

  /**
   * Whether a successful build may be recorded: an incremental stage's image.json says how the
   * build got it, so only a build that kept every one of them unchanged writes what a later
   * up-to-date build puts back.
   */
  private static boolean recordable(Collection<BuiltStage> stages) {
    return stages.stream()
        .filter(stage -> stage.spec().incremental().asked())
        .allMatch(stage -> IncrementalStage.UNCHANGED.equals(stage.summary().build()));
  }

  /**
   * A key over what the built-in {@code project} stage reads, when a layer takes it: its classes
   * directory, jar, exploded WAR or Boot jar and every library, as a stage of {@code copy} steps
   * reading the same paths would be keyed (the project stage, too, copies a link as a link).
   */
  static String projectKey(BuildPlan plan, FileHashes hashes) throws IOException {
    ProjectArtifacts artifacts = plan.project();
    if (artifacts == null
        || plan.layers().stream()
            .noneMatch(layer -> ProjectArtifacts.STAGE.equals(layer.stage()))) {
      return "no project layer";
    }
    List<Path> sources = new ArrayList<>();
    Stream.of(
            artifacts.classesDirectory(),
            artifacts.packagedJar(),
            artifacts.explodedWar(),
            artifacts.springBootJar())
        .filter(Objects::nonNull)
        .forEach(sources::add);
    artifacts.libraries().forEach(library -> sources.add(library.file()));
    List<StepSpec> reads = new ArrayList<>();
    for (Path source : sources) {
      reads.add(new StepSpec.Copy(source, ProjectArtifacts.APP, "project"));
    }
    StageSpec stage =
        new StageSpec("project inputs", null, reads, PruneSpec.defaults(), "project", null, null);
    return StageKey.of(stage, null, plan.timestamp(), hashes, plan.basedir());
  }

  /** The key of every stage, as the stage cache computes it before a stage runs. */
  static Map<String, String> stageKeys(BuildPlan plan, BaseImages bases, Workspace workspace)
      throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    for (StageSpec stage : plan.stages()) {
      String baseDigest =
          stage.from() == null
              ? null
              : bases
                  .open(stage.from(), stage.fromWhere())
                  .map(image -> image.manifestDescriptor().digest().toString())
                  .orElse(null);
      keys.put(
          stage.name(),
          StageKey.of(stage, baseDigest, plan.timestamp(), workspace.hashes(), plan.basedir()));
    }
    return keys;
  }

  /**
   * What decides the image and the outputs: the plan (secrets masked: they decide no byte of the
   * outputs), the base's digest, the project stage's inputs ({@link #projectKey}) and the stages'
   * keys; {@code null} when a stage has no key.
   */
  static String fingerprint(
      BuildPlan plan, String baseDigest, String projectKey, Map<String, String> stageKeys) {
    List<String> parts = new ArrayList<>();
    parts.add(HEADER);
    parts.add(PluginVersion.get());
    parts.add(Redaction.text(plan.toString()));
    parts.add(baseDigest == null ? "scratch" : baseDigest);
    parts.add(projectKey);
    for (StageSpec stage : plan.stages()) {
      String key = stageKeys.get(stage.name());
      if (key == null) {
        return null;
      }
      parts.add(stage.name() + "=" + key);
    }
    return OutputReuse.key(parts.toArray(String[]::new));
  }

  /**
   * The last build's record, removed from the work directory (a build that fails from here on
   * leaves none); empty when there is none.
   */
  static Optional<Recorded> take(Path work) throws IOException {
    Path file = work.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      HostFiles.deleteTree(file); // a link, a directory or a pipe planted here: removed as it is
      return Optional.empty();
    }
    byte[] bytes;
    // O_NOFOLLOW: a link swapped in since is never read through, and the record is small.
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException notAFile) {
      Files.deleteIfExists(file);
      return Optional.empty();
    }
    Files.deleteIfExists(file);
    if (bytes.length > MAX_BYTES) {
      return Optional.empty();
    }
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    if (lines.size() < 5 || !lines.get(0).equals(HEADER)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Recorded(
              lines.get(1),
              Digest.parse(lines.get(2), file.toString()),
              lines.get(3),
              lines.get(4).isEmpty() ? null : lines.get(4),
              List.copyOf(lines.subList(5, lines.size()))));
    } catch (UserInputException damaged) {
      return Optional.empty();
    }
  }

  /** Writes {@code recorded} for the next build, replacing the file whole. */
  private static void write(Path work, Recorded recorded) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                HEADER,
                recorded.fingerprint(),
                recorded.digest().toString(),
                recorded.documents(),
                Objects.requireNonNullElse(recorded.checksLine(), "")));
    lines.addAll(recorded.sizeTable());
    lines.replaceAll(line -> line.replace('\n', ' '));
    AtomicFile.to(work.resolve(FILE))
        .write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Records a successful build of {@code plan} for the next one, if every stage has its key and
   * {@link #recordable}.
   */
  static void recordBuild(
      BuildPlan plan,
      String baseDigest,
      String projectKey,
      Map<String, BuiltStage> stages,
      Workspace workspace,
      Digest digest,
      ImageSummary summary,
      String checksLine)
      throws IOException {
    if (!recordable(stages.values())) {
      return;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    stages.forEach((name, stage) -> keys.put(name, stage.key()));
    String fingerprint = fingerprint(plan, baseDigest, projectKey, keys);
    String documents = documentFacts(plan, workspace.output());
    if (fingerprint != null && documents != null) {
      write(
          workspace.work(),
          new Recorded(fingerprint, digest, documents, checksLine, SizeTable.lines(summary)));
    }
  }

  /**
   * The last build's image, its outputs put back, if this build would make them again; empty (the
   * build runs) otherwise.
   *
   * @param documentsBefore {@link #documentFacts} read before the outputs were set aside
   */
  static Optional<BuildResult> keep(
      BuildPlan plan,
      Recorded last,
      String fingerprint,
      String documentsBefore,
      Workspace workspace,
      long startedNanos,
      BuildLog log)
      throws IOException {
    if (!last.fingerprint().equals(fingerprint)) {
      log.debug("Up to date: no, the configuration, the base or a stage's inputs changed");
      return Optional.empty();
    }
    boolean documentsUntouched = last.documents().equals(documentsBefore);
    if (documentsUntouched) {
      log.debug("Up to date: the SBOM and provenance untouched since recorded (inode facts)");
    }
    if (!restoreOutputs(plan, workspace.previousOutputs(), documentsUntouched)) {
      log.debug("Up to date: no, an output of the last build was changed or removed");
      return Optional.empty();
    }
    workspace.hashes().save();
    Path output = workspace.output();
    String documents = documentFacts(plan, output); // moved back: new ctimes
    if (documents != null) {
      write(
          workspace.work(),
          new Recorded(fingerprint, last.digest(), documents, last.checksLine(), last.sizeTable()));
    }
    log.info(
        "Up to date: the configuration, the base and every stage's inputs are the last build's,"
            + " and its outputs are untouched: no stage run, nothing written again");
    if (last.checksLine() != null) {
      log.info(ImageChecks.keptLine(last.checksLine()));
    }
    BuildReport.log(log, last.digest(), output, startedNanos, last.sizeTable());
    return Optional.of(new BuildResult(last.digest(), plan.to().references(), output));
  }

  /**
   * The SBOM's and the provenance's device, inode, size, mtime and ctime in {@code output}, one
   * text; read before the build sets them aside (a rename moves ctime), it tells that nobody wrote
   * them since the last build recorded the same text: any write, chmod or rename moves the ctime,
   * and no unprivileged call sets it back. {@code null} when one cannot be looked at (then the
   * documents are read and hashed instead).
   */
  static String documentFacts(BuildPlan plan, Path output) {
    StringBuilder text = new StringBuilder("documents");
    for (SupplyChain.Kind kind : SupplyChain.kinds(plan.supplyChain())) {
      text.append(' ').append(kind.fileName()).append('=');
      try {
        text.append(
            FileHashes.facts(
                Files.readAttributes(
                    output.resolve(kind.fileName()),
                    FileHashes.FACTS_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS)));
      } catch (NoSuchFileException e) {
        text.append("none");
      } catch (IOException e) {
        return null;
      }
    }
    return text.toString();
  }

  /**
   * Puts the last build's outputs back if every one is untouched: the SBOM and the provenance also
   * by the digests recorded with them (an edit that kept size and mtime shows only there), unless
   * {@code documentsUntouched} (their facts, ctime included, the recorded ones).
   */
  private static boolean restoreOutputs(
      BuildPlan plan, OutputReuse previous, boolean documentsUntouched) throws IOException {
    for (SupplyChain.Kind kind :
        documentsUntouched ? List.<SupplyChain.Kind>of() : SupplyChain.kinds(plan.supplyChain())) {
      String recorded = previous.recordedExtra(kind.fileName());
      if (recorded == null) {
        continue;
      }
      if (ImageOutputs.contentIfDigest(previous.asideFile(kind.fileName()), recorded) == null) {
        return false;
      }
    }
    return previous.restoreAllUntouched(OutputFiles.IN_SET_ASIDE_ORDER);
  }
}
