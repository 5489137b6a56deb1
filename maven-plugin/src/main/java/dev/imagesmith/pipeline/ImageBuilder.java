package dev.imagesmith.pipeline;

import dev.imagesmith.debian.ArchiveMirror;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.sbom.BuildFacts;
import dev.imagesmith.sbom.SupplyChain;
import dev.imagesmith.sharedcache.SharedCache;
import dev.imagesmith.stage.Fetching;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the whole pipeline for one {@link BuildPlan}, in this order: the plan's directories and
 * caches ({@link Workspace}), the stages ({@link StageBuilder}: base, steps, then {@link
 * StagePruning}), the assembly of the layers over the base ({@link ImageAssembler}), the checks
 * ({@link ImageChecks}: shared libraries, budget, report.html), the outputs ({@link ImageOutputs}:
 * OCI layout, docker-archive, image.json, digest) and the report in the log ({@link BuildReport}).
 * Thread-safe as long as each build has its own work and output directories. A plan with several
 * platforms runs all of this once per platform ({@link PlatformImages}) and adds an image index.
 *
 * <p>Outputs appear only when everything succeeded: the outputs of an earlier build are set aside
 * first, each output is written under a temporary name and moved into place, and {@code digest}
 * comes last. A failed check fails the build at the very end, leaving the image, report.html and
 * image.json (which records the failure) in place but no {@code digest}, so nothing reads a failed
 * build as a finished image.
 */
public final class ImageBuilder {
  private final BuildLog log;
  private final RegistryOptions registryOptions;
  private final ArchiveMirror debianMirror;

  public ImageBuilder(BuildLog log) {
    this(log, RegistryOptions.defaults());
  }

  /**
   * @param registryOptions how registry bases are reached (credentials, insecure registries), and
   *     what every transfer may take and bring ({@link RegistryOptions#transfers}: registry pulls,
   *     {@code download} and {@code debian} steps); offline comes from the plan
   */
  public ImageBuilder(BuildLog log, RegistryOptions registryOptions) {
    this(log, registryOptions, null);
  }

  /**
   * @param debianMirror where {@code debian} steps fetch Debian's archive from, {@code null} for
   *     the archive itself; the {@link RegistryOptions#proxies} carry their requests too
   */
  public ImageBuilder(BuildLog log, RegistryOptions registryOptions, ArchiveMirror debianMirror) {
    this.log = log;
    this.registryOptions = registryOptions;
    this.debianMirror = debianMirror;
  }

  /**
   * Builds the image described by {@code plan}.
   *
   * @throws dev.imagesmith.error.UserInputException for the user's mistakes and bad input
   * @throws dev.imagesmith.error.ImagesmithException for environment failures
   */
  public BuildResult build(BuildPlan plan) {
    try {
      return plan.multiPlatform()
          ? new PlatformImages(log, platformPlan -> run(platformPlan, false)).build(plan)
          : run(plan, true).result();
    } catch (IOException e) {
      throw new ImagesmithException("I/O failure while building the image: " + e, e);
    }
  }

  /**
   * Builds the one image of a one-platform plan.
   *
   * @param alone whether it is the build's only image (its outputs are the build's: {@link
   *     UpToDate} may keep them)
   */
  private PlatformImages.Built run(BuildPlan configured, boolean alone) throws IOException {
    BuildPlan plan = configured.resolvedForPlatform();
    long started = System.nanoTime();
    PhaseClock clock = new PhaseClock(log);
    Platform platform = Platform.parse(plan.platform(), plan.paths().platform());
    // Before the outputs are set aside (renamed, which moves their ctimes).
    String documentsBefore =
        alone && plan.cache() ? UpToDate.documentFacts(plan, plan.outputDirectory()) : null;
    Workspace workspace = Workspace.open(plan);

    BaseImages bases = BaseImages.forBuild(plan, platform, registryOptions, log);
    Optional<SourceImage> base = bases.open(plan.from(), plan.paths().from());
    base.ifPresent(
        image -> log.info("Base " + image.name() + " (" + image.layers().size() + " layers)"));

    SharedCache shared = SharedCache.open(plan, registryOptions, workspace.hashes(), log);
    clock.lap("workspace, base and shared cache");
    String baseDigest =
        base.map(image -> image.manifestDescriptor().digest().toString()).orElse(null);
    // Taken by every build (a build it does not apply to, or one that fails, leaves none).
    Optional<UpToDate.Recorded> last = UpToDate.take(workspace.work());
    boolean upToDateApplies = alone && UpToDate.applies(plan, workspace, shared.stages());
    Map<String, String> stageKeys = Map.of();
    String projectKey = null;
    if (upToDateApplies) {
      projectKey = UpToDate.projectKey(plan, workspace.hashes());
      if (last.isPresent()) {
        stageKeys = UpToDate.stageKeys(plan, bases, workspace);
        String fingerprint = UpToDate.fingerprint(plan, baseDigest, projectKey, stageKeys);
        Optional<BuildResult> kept =
            UpToDate.keep(plan, last.get(), fingerprint, documentsBefore, workspace, started, log);
        if (kept.isPresent()) {
          return new PlatformImages.Built(kept.get(), null, List.of());
        }
      }
    }
    Map<String, BuiltStage> stages =
        StageBuilder.forBuild(plan, bases, workspace, fetching(), log)
            .sharing(shared.stages())
            .knowing(stageKeys)
            .buildAll(plan.stages(), workspace);
    ProjectLayers.Prepared project =
        ProjectLayers.prepare(plan, workspace.stageRoot(ProjectArtifacts.STAGE), log);
    clock.lap("stages");

    Map<String, BuiltStage> sources = new LinkedHashMap<>(stages);
    sources.putAll(project.stages());
    ImageAssembler.Assembled assembled =
        new ImageAssembler(log)
            .assemble(
                plan,
                project.layers(),
                base,
                sources,
                platform,
                workspace.blobs(),
                shared.sharing(workspace.layerCache(log)),
                workspace.baseIndexes());
    Digest digest = assembled.image().manifestDescriptor().digest();
    ImageSummary summary = summary(plan, platform, base, assembled, stages, project);
    clock.lap("assembly");

    ImageOutputs outputs = new ImageOutputs(plan, workspace, digest);
    // The SBOM and the provenance (files beside the image, referrers of it in its layout) are made
    // beside the checks: neither reads what the other makes.
    BuildFacts facts =
        SupplyChainFacts.of(
            plan, assembled.image(), base, bases, stages, project, assembled, workspace.hashes());
    Background<Documents> documents =
        Background.start(
            "imagesmith-documents", () -> documents(plan, stages, facts, outputs, log));
    // The docker-archive (a second copy of every blob, mostly waiting on the disk) meanwhile.
    Background<Void> archive =
        Background.start(
            "imagesmith-archive",
            () -> {
              outputs.writeArchive(assembled.image());
              return null;
            });
    ImageChecks.Outcome checks;
    try {
      checks = check(plan, summary, assembled, stages, workspace, outputs);
    } catch (IOException | RuntimeException | Error e) {
      documents.settle();
      archive.settle();
      throw e;
    }
    Documents made;
    try {
      made = documents.await();
    } finally {
      archive.settle();
    }
    archive.await();
    clock.lap("checks, SBOM, provenance and archive");
    List<Referrer.Stored> stored =
        outputs.writeImage(assembled.image(), made.documents(), made.key());
    outputs.writeRecords(summary, checks);
    clock.lap("outputs");
    workspace.finish(assembled.written());
    clock.lap("caches saved");
    if (workspace.hashes() != null) {
      log.debug("hash memo: read " + workspace.hashes().filesRead() + " files in this build");
    }

    BuildReport.log(log, digest, outputs.directory(), started, summary);
    checks.throwIfFailed();
    if (upToDateApplies) {
      UpToDate.recordBuild(
          plan, baseDigest, projectKey, stages, workspace, digest, summary, checks.logLine());
    }
    return new PlatformImages.Built(
        new BuildResult(digest, plan.to().references(), outputs.directory()),
        assembled.image(),
        stored);
  }

  /** The SBOM and the provenance, and what decided their bytes ({@code null} if not known). */
  private record Documents(List<Referrer> documents, String key) {}

  /** The documents of the image: the last build's if nothing that decides them changed. */
  private static Documents documents(
      BuildPlan plan,
      Map<String, BuiltStage> stages,
      BuildFacts facts,
      ImageOutputs outputs,
      BuildLog log)
      throws IOException {
    String key = documentsKey(plan, stages, facts);
    List<Referrer> kept =
        key != null && stages.values().stream().allMatch(BuiltStage::kept)
            ? outputs.reusedDocuments(key, SupplyChain.kinds(plan.supplyChain()))
            : null;
    if (kept != null) {
      log.debug("SBOM and provenance: what decides them is unchanged, the last build's kept");
      return new Documents(kept, key);
    }
    return new Documents(made(facts), key);
  }

  /**
   * The documents, the second (the provenance) on a thread of its own beside the first: without a
   * hash memo each reads its own files (the project's, the layers'), seconds of SHA-256 each for a
   * large tree, and one after the other they were the slowest part of the build's end.
   */
  private static List<Referrer> made(BuildFacts facts) throws IOException {
    List<SupplyChain.Kind> kinds = SupplyChain.kinds(facts.spec());
    if (kinds.size() != 2) {
      return SupplyChain.documents(facts);
    }
    Background<Referrer> second =
        Background.start("imagesmith-provenance", () -> SupplyChain.document(kinds.get(1), facts));
    Referrer first;
    try {
      first = SupplyChain.document(kinds.get(0), facts);
    } catch (IOException | RuntimeException | Error e) {
      second.settle();
      throw e;
    }
    return List.of(first, second.await());
  }

  /**
   * What decides the SBOM's and the provenance's bytes ({@link SupplyChain#reuseKey}), or {@code
   * null} when that is not known: no cache, or a stage without a key.
   */
  private static String documentsKey(
      BuildPlan plan, Map<String, BuiltStage> stages, BuildFacts facts) throws IOException {
    if (!plan.cache() || SupplyChain.kinds(plan.supplyChain()).isEmpty()) {
      return null;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (BuiltStage stage : stages.values()) {
      if (stage.key() == null) {
        return null;
      }
      keys.put(stage.spec().name(), stage.key());
    }
    return SupplyChain.reuseKey(facts, keys);
  }

  /** The checks of the image, or those of the last build if it made the same image. */
  private ImageChecks.Outcome check(
      BuildPlan plan,
      ImageSummary summary,
      ImageAssembler.Assembled assembled,
      Map<String, BuiltStage> stages,
      Workspace workspace,
      ImageOutputs outputs)
      throws IOException {
    ImageChecks.Outcome kept = outputs.reusedChecks(summary);
    if (kept != null) {
      log.info(ImageChecks.keptLine(kept.logLine()));
      return kept;
    }
    Fetching fetching = fetching();
    RepositoryClient debian =
        new RepositoryClient(fetching.limits(), fetching.proxies(), fetching.debianMirror());
    return new ImageChecks(log, debian)
        .run(
            plan,
            summary,
            assembled.image().config(),
            assembled.filesystem(),
            workspace.hashes() == null ? null : workspace.hashes()::hash,
            List.copyOf(stages.values()),
            outputs.directory().resolve(OutputFiles.REPORT));
  }

  /** What image.json, the size table and the checks say about the image. */
  private static ImageSummary summary(
      BuildPlan plan,
      Platform platform,
      Optional<SourceImage> base,
      ImageAssembler.Assembled assembled,
      Map<String, BuiltStage> stages,
      ProjectLayers.Prepared project) {
    return new ImageSummary(
        assembled.image().manifestDescriptor().digest(),
        plan.to().references(),
        platform.toString(),
        BaseDisplay.of(plan.from(), plan.basedir()),
        base.map(b -> b.manifestDescriptor().digest()).orElse(null),
        assembled.layers(),
        Stream.concat(stages.values().stream().map(BuiltStage::summary), project.summary().stream())
            .toList());
  }

  /** How the debian and download steps, and the checks' package hints, fetch. */
  private Fetching fetching() {
    return new Fetching(registryOptions.transfers(), registryOptions.proxies(), debianMirror);
  }
}
