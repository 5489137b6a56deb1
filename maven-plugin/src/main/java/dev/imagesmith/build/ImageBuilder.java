package dev.imagesmith.build;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.DockerArchiveWriter;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.io.FileHashes;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.layer.BaseIndexCache;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.registry.BlobCache;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPuller;
import dev.imagesmith.report.ImageJson;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.SizeTable;
import dev.imagesmith.sbom.BuildFacts;
import dev.imagesmith.sbom.SupplyChain;
import dev.imagesmith.stage.StageRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the whole pipeline for one {@link BuildPlan}: base image, stages (steps, prune), layers,
 * assembly, outputs. Thread-safe as long as each build has its own work and output directories.
 *
 * <p>Outputs appear only when everything succeeded: the outputs of an earlier build are removed
 * first, each output is written under a temporary name and moved into place, and {@code digest}
 * comes last. The finished image is checked ({@link ImageChecks}: shared libraries, budget) and
 * {@code report.html} written before {@code digest}; a failed check fails the build after that,
 * leaving the image, report.html and image.json (which records the failure) in place but no {@code
 * digest}, so nothing reads a failed build as a finished image.
 */
public final class ImageBuilder {
  private final BuildLog log;
  private final RegistryOptions registryOptions;

  public ImageBuilder(BuildLog log) {
    this(log, RegistryOptions.defaults());
  }

  /**
   * @param registryOptions how registry bases are reached (credentials, insecure registries), and
   *     what every transfer may take and bring ({@link RegistryOptions#transfers}: registry pulls,
   *     {@code download} and {@code debian} steps); offline comes from the plan
   */
  public ImageBuilder(BuildLog log, RegistryOptions registryOptions) {
    this.log = log;
    this.registryOptions = registryOptions;
  }

  /**
   * Builds the image described by {@code plan}.
   *
   * @throws dev.imagesmith.error.UserInputException for the user's mistakes and bad input
   * @throws dev.imagesmith.error.ImagesmithException for environment failures
   */
  public BuildResult build(BuildPlan plan) {
    try {
      return buildOrThrow(plan);
    } catch (IOException e) {
      throw new ImagesmithException("I/O failure while building the image: " + e, e);
    }
  }

  private BuildResult buildOrThrow(BuildPlan plan) throws IOException {
    long started = System.nanoTime();
    Platform platform = Platform.parse(plan.platform(), "<platform>");
    Path output = plan.outputDirectory();
    Path cacheDirectory = plan.cacheDirectory();
    // The plugin's own directories are real directories, never links: vetted before anything in
    // them is listed, moved or deleted (security cases W).
    Path work = WorkDirectory.vet(plan);
    Path outputRoot = OwnDirectories.trustedRoot(plan.buildDirectory(), output);
    OwnDirectories.exists(outputRoot, output);
    OwnDirectories.exists(
        OwnDirectories.trustedRoot(plan.buildDirectory(), cacheDirectory), cacheDirectory);
    // Sets the earlier outputs aside (digest first); those this build would write alike return.
    OutputReuse previous = OutputReuse.setAside(output, work, plan.cache());
    WorkDirectory.prepare(work, plan);
    FileHashes hashes =
        plan.cache() ? FileHashes.load(work.resolve(WorkDirectory.FILE_HASHES)) : null;

    RegistryOptions registry = registryOptions;
    if (plan.offline() && !registry.offline()) {
      registry =
          new RegistryOptions(
              registry.credentials(),
              registry.insecureRegistries(),
              registry.sslContext(),
              registry.retry(),
              true,
              registry.transfers());
    }
    BaseImages bases =
        new BaseImages(
            platform,
            new RegistryPuller(new Registries(registry, log), new BlobCache(cacheDirectory), log));
    Optional<SourceImage> base = bases.open(plan.from(), "<from>");
    base.ifPresent(
        image -> log.info("Base " + image.name() + " (" + image.layers().size() + " layers)"));

    StageRunner runner =
        new StageRunner(
            plan.basedir(),
            cacheDirectory,
            plan.offline(),
            plan.platform(),
            registry.transfers(),
            plan.isolationMechanism(),
            plan.timestamp(),
            log);
    StageBuilder stageBuilder =
        new StageBuilder(
            runner,
            bases,
            plan.basedir(),
            log,
            plan.cache() ? new StageCache(work.resolve(WorkDirectory.STAGE_STATE)) : null,
            hashes,
            plan.timestamp());
    Map<String, BuiltStage> stages = new LinkedHashMap<>();
    for (StageSpec stage : plan.stages()) {
      stages.put(
          stage.name(),
          stageBuilder.build(stage, work.resolve(WorkDirectory.STAGES).resolve(stage.name())));
    }

    ProjectLayers.Prepared project =
        ProjectLayers.prepare(
            plan, work.resolve(WorkDirectory.STAGES).resolve(ProjectArtifacts.STAGE), log);
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
                work.resolve(WorkDirectory.BLOBS),
                plan.cache()
                    ? LayerCache.open(
                        OwnDirectories.ensure(cacheDirectory, cacheDirectory.resolve("layers")),
                        hashes,
                        log)
                    : null,
                plan.cache()
                    ? new BaseIndexCache(
                        OwnDirectories.ensure(cacheDirectory, cacheDirectory.resolve("base-index")))
                    : null);
    BuiltImage image = assembled.image();
    Digest digest = image.manifestDescriptor().digest();
    List<String> references = plan.to().references();
    // The SBOM and the provenance (package sbom): files beside the image, referrers in its layout.
    List<Referrer> documents =
        SupplyChain.documents(
            supplyChainFacts(plan, image, base, bases, stages, project, assembled, hashes));
    List<Referrer.Stored> referrers =
        documents.stream()
            .map(document -> document.storeFor(image.manifestDescriptor(), plan.timestamp()))
            .toList();

    OwnDirectories.ensure(outputRoot, output);
    String version = PluginVersion.get();
    String ociKey =
        OutputReuse.key(
            version,
            digest.toString(),
            String.join(",", plan.to().allTags()),
            referrers.stream()
                .map(r -> r.entry().descriptor().digest().toString())
                .toList()
                .toString());
    if (!previous.restore(OutputFiles.OCI, ociKey)) {
      OciLayoutWriter.write(output.resolve(OutputFiles.OCI), image, plan.to().allTags(), referrers);
    }
    List<String> documentKeys = new ArrayList<>();
    for (Referrer document : documents) {
      String key = OutputReuse.key(version, Digest.ofBytes(document.content()).toString());
      if (!previous.restore(document.fileName(), key)) {
        OutputFiles.write(output.resolve(document.fileName()), document.content());
      }
      documentKeys.addAll(List.of(document.fileName(), key));
    }
    String archiveKey =
        OutputReuse.key(
            version, digest.toString(), String.join(",", references), plan.timestamp().toString());
    if (!previous.restore(OutputFiles.ARCHIVE, archiveKey)) {
      DockerArchiveWriter.write(
          output.resolve(OutputFiles.ARCHIVE), image, references, plan.timestamp());
    }
    ImageSummary summary =
        new ImageSummary(
            digest,
            references,
            platform.toString(),
            BaseDisplay.of(plan.from(), plan.basedir()),
            base.map(b -> b.manifestDescriptor().digest()).orElse(null),
            assembled.layers(),
            Stream.concat(
                    stages.values().stream().map(BuiltStage::summary), project.summary().stream())
                .toList());
    // The checks inspect what the assembly applied; their report exists even when they fail. An
    // unchanged image with unchanged settings passed its checks last time: keep that report.
    String checksKey =
        OutputReuse.key(
            version,
            digest.toString(),
            plan.checks().toString(),
            new String(ImageJson.toBytes(summary, List.of()), StandardCharsets.UTF_8));
    String checkedLine = previous.recordedExtra(OutputFiles.REPORT);
    ImageChecks.Outcome checks;
    if (checkedLine != null && previous.restore(OutputFiles.REPORT, checksKey)) {
      log.info(checkedLine + " (image unchanged, not inspected again)");
      checks = ImageChecks.passed(plan, checkedLine);
    } else {
      checks =
          new ImageChecks(log)
              .run(
                  plan,
                  summary,
                  image.config(),
                  assembled.filesystem(),
                  hashes == null ? null : hashes::hash,
                  List.copyOf(stages.values()),
                  output.resolve(OutputFiles.REPORT));
    }
    byte[] imageJson = ImageJson.toBytes(summary, checks.checks());
    String imageJsonKey = OutputReuse.key(version, HexFormat.of().formatHex(imageJson));
    if (!previous.restore(OutputFiles.IMAGE_JSON, imageJsonKey)) {
      OutputFiles.write(output.resolve(OutputFiles.IMAGE_JSON), imageJson);
    }
    // The digest says "this image was built and passed": a failed check leaves none (the image,
    // report.html and image.json stay to show why).
    boolean passed = checks.failure() == null;
    String digestKey = OutputReuse.key(version, digest.toString());
    if (passed && !previous.restore(OutputFiles.DIGEST, digestKey)) {
      OutputFiles.write(
          output.resolve(OutputFiles.DIGEST), (digest + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // Recorded last; a report only when its checks passed (a failing one is inspected again).
    if (plan.cache()) {
      List<String> keys = new ArrayList<>();
      keys.addAll(List.of(OutputFiles.OCI, ociKey, OutputFiles.ARCHIVE, archiveKey));
      keys.addAll(List.of(OutputFiles.IMAGE_JSON, imageJsonKey));
      keys.addAll(documentKeys);
      List<String> extras = List.of();
      if (passed) {
        keys.addAll(List.of(OutputFiles.DIGEST, digestKey));
      }
      if (passed && checks.logLine() != null) {
        keys.addAll(List.of(OutputFiles.REPORT, checksKey));
        extras = List.of(OutputFiles.REPORT, checks.logLine());
      }
      previous.record(keys, extras);
    }
    if (hashes != null) {
      // Last, once the outputs' links have moved the blobs' ctimes for this build.
      WorkBlobs.settle(work.resolve(WorkDirectory.BLOBS), assembled.written(), hashes);
      hashes.save();
    }
    log.info("Image " + digest + " written to " + output);
    log.info(
        String.format(
            java.util.Locale.ROOT, "Image built in %.2f s", (System.nanoTime() - started) / 1e9));
    SizeTable.lines(summary).forEach(log::info);
    checks.throwIfFailed();
    return new BuildResult(digest, references, output);
  }

  /** What the SBOM and the provenance are made from: this build's own facts, nothing read again. */
  private static BuildFacts supplyChainFacts(
      BuildPlan plan,
      BuiltImage image,
      Optional<SourceImage> base,
      BaseImages bases,
      Map<String, BuiltStage> stages,
      ProjectLayers.Prepared project,
      ImageAssembler.Assembled assembled,
      FileHashes hashes)
      throws IOException {
    List<BuildFacts.StageFacts> stageFacts = new ArrayList<>();
    for (BuiltStage stage : stages.values()) {
      BaseSpec from = stage.spec().from();
      Optional<SourceImage> opened =
          from == null ? Optional.empty() : bases.open(from, stage.spec().where() + "/<from>");
      stageFacts.add(
          new BuildFacts.StageFacts(
              stage.spec(),
              opened.map(b -> baseFacts(from, plan, b)).orElse(null),
              stage.sandbox(),
              stage.summary().steps().stream().flatMap(s -> s.debianPackages().stream()).toList()));
    }
    List<BuildFacts.LayerFacts> layers = new ArrayList<>();
    for (int i = 0; i < project.layers().size(); i++) {
      LayerSpec spec = project.layers().get(i);
      layers.add(new BuildFacts.LayerFacts(spec.stage(), spec.path(), assembled.written().get(i)));
    }
    FileHashes hasher = hashes != null ? hashes : FileHashes.load(null);
    return new BuildFacts(
        plan.to().references().get(0),
        image.manifestDescriptor(),
        plan.platform(),
        plan.timestamp(),
        base.map(b -> baseFacts(plan.from(), plan, b)).orElse(null),
        stageFacts,
        layers,
        plan.project(),
        plan.supplyChain(),
        PluginVersion.get(),
        hasher::hash,
        plan.basedir());
  }

  private static BuildFacts.BaseImage baseFacts(BaseSpec spec, BuildPlan plan, SourceImage image) {
    return new BuildFacts.BaseImage(
        BaseDisplay.of(spec, plan.basedir()),
        spec instanceof BaseSpec.Registry registry ? registry.reference() : null,
        image.manifestDescriptor().digest());
  }
}
