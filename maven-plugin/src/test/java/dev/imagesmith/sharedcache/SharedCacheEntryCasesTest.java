package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryPusher;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.HostCanary;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared-cache entries someone changed behind the fleet's back (security-cases.md, section F):
 * runner A pushes, the entry is tampered with in the registry's storage or replaced through the
 * registry's API, and runner B must refuse it with a warning, build the stage itself and still get
 * A's image.
 */
class SharedCacheEntryCasesTest {
  @TempDir Path dir;

  private RegistryServer server;
  private RegistryStorage storage;
  private Fleet fleet;

  @BeforeEach
  void start() throws Exception {
    server = RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH);
    storage = new RegistryStorage(dir.resolve("registry"));
    fleet = new Fleet(dir.resolve("fleet"), server.address());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runner A builds and pushes both stages; its image. */
  private BuildResult runnerAPushes() throws Exception {
    LogLines log = new LogLines();
    BuildResult a = fleet.runner("a").build(true, log);
    assertEquals(2, Fleet.lines(log, "INFO   pushed to the shared cache").size(), log.text());
    assertEquals(1, fleet.stepRuns());
    return a;
  }

  /** Runner B's build after the tampering: the builder stage is built, data restored. */
  private LogLines runnerBBuildsTheStage(BuildResult a, String reason) throws Exception {
    LogLines log = new LogLines();
    BuildResult b = fleet.runner("b").build(false, log);
    assertEquals(a.digest(), b.digest(), log.text());
    assertEquals(2, fleet.stepRuns(), "B ran the builder's step: " + log.text());
    List<String> warnings = log.warnings();
    assertEquals(1, warnings.size(), log.text());
    assertTrue(
        warnings.get(0).contains("the entry for stage builder is not used"), warnings.get(0));
    assertTrue(warnings.get(0).contains(reason), warnings.get(0));
    assertEquals(1, Fleet.lines(log, "restored from the shared cache").size(), log.text());
    return log;
  }

  @Test
  void F1_treeBlobChangedInStorage_sameSize_refusedAndTheStageBuilt() throws Exception {
    BuildResult a = runnerAPushes();
    Descriptor tree =
        storage.manifest(Fleet.REPO, storage.tagOf(Fleet.REPO, "builder")).layers().get(0);
    Path blob = storage.blob(tree.digest());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(blob, bytes);

    runnerBBuildsTheStage(a, "digest");
  }

  @Test
  void F1_treeBlobTruncatedInStorage_refusedAndTheStageBuilt() throws Exception {
    BuildResult a = runnerAPushes();
    Descriptor tree =
        storage.manifest(Fleet.REPO, storage.tagOf(Fleet.REPO, "builder")).layers().get(0);
    Path blob = storage.blob(tree.digest());
    byte[] bytes = Files.readAllBytes(blob);
    Files.write(blob, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    runnerBBuildsTheStage(a, "pull blob");
  }

  @Test
  void F2_anImagePushedUnderTheEntrysTag_refusedAsNoEntry() throws Exception {
    BuildResult a = runnerAPushes();
    String tag = storage.tagOf(Fleet.REPO, "builder");
    // A real image (A's own) pushed over the tag, as a mistaken or hostile push would.
    new RegistryPusher(
            new Registries(FleetProject.access(server.address()), BuildLog.silent()),
            BuildLog.silent())
        .push(
            a.outputDirectory().resolve("oci"),
            a.digest(),
            List.of(server.address() + "/" + Fleet.REPO + ":" + tag),
            "test");

    runnerBBuildsTheStage(a, "no artifactType");
  }

  @Test
  void F3_anotherStagesEntryCopiedUnderTheTag_refused_evenWithItsLabelsRewritten()
      throws Exception {
    BuildResult a = runnerAPushes();
    String builderTag = storage.tagOf(Fleet.REPO, "builder");
    String dataTag = storage.tagOf(Fleet.REPO, "data");
    byte[] dataEntry = Files.readAllBytes(storage.blob(storage.tags(Fleet.REPO).get(dataTag)));
    pushManifest(builderTag, dataEntry);
    runnerBBuildsTheStage(a, "another stage or key");

    // The same entry relabelled as the builder's: key and name say so, the seal cannot.
    var json = JsonTrees.parseObject(dataEntry, 1 << 16, "entry");
    var notes = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("annotations");
    notes.put(StageEntry.KEY, builderTag.substring("stage-".length()));
    notes.put(StageEntry.NAME, "builder");
    pushManifest(builderTag, JsonTrees.compact(json));
    LogLines log = new LogLines();
    BuildResult b = fleet.runner("c").build(false, log);
    assertEquals(a.digest(), b.digest());
    assertEquals(1, log.warnings().size(), log.text());
    assertTrue(log.warnings().get(0).contains("seal does not match"), log.text());
  }

  private void pushManifest(String tag, byte[] bytes) throws Exception {
    new Registries(FleetProject.access(server.address()), BuildLog.silent())
        .client(server.address())
        .pushManifest(Fleet.REPO, tag, MediaTypes.OCI_MANIFEST, bytes);
  }

  @Test
  void F10_hostileTreeUnderAValidSeal_staysInsideTheStage() throws Exception {
    // A pusher who has the project's inputs can seal any tree: the extractor still keeps it in
    // the stage. The tree writes through a link to the host's victim, climbs with .., and plants
    // a setuid file and a device node.
    HostCanary canary = HostCanary.plant(dir.resolve("victim"));
    Fleet.Runner b = fleet.runner("b");
    byte[] tree =
        TestTar.tar()
            .symlink("loophole", canary.victim().toString())
            .file("loophole/pwned", "written through the link")
            .file("../../../../pwned-by-dotdot", "climbed")
            .file("opt/app/built.txt", "not what the step makes")
            .file("src/tool", "not the project's")
            .file("usr/bin/su", "#!/bin/sh\n", 04755)
            .gzip();
    pushSealedEntry(b, "builder", tree);

    LogLines log = new LogLines();
    fleet.runner("b").build(false, log);
    canary.assertUntouched();
    assertEquals(0, fleet.stepRuns(), "the hostile entry was used: " + log.text());
    Path stage = b.checkout.resolve("target/imagesmith-work/default/stages/builder");
    assertEquals(
        "written through the link",
        Files.readString(stage.resolve(canary.victim().toString().substring(1)).resolve("pwned")));
    assertTrue(Files.isRegularFile(stage.resolve("pwned-by-dotdot")));
    assertEquals(
        0,
        (int) Files.getAttribute(stage.resolve("usr/bin/su"), "unix:mode") & 07000,
        "setuid in the overlay only");
  }

  @Test
  void F12_layerEntrysBlobChangedInStorage_refused_theLayerCompressedHere() throws Exception {
    BuildResult a = runnerAPushes();
    String layerTag =
        storage.tags(Fleet.REPO).keySet().stream()
            .filter(t -> t.startsWith("layer-"))
            .findFirst()
            .orElseThrow();
    Descriptor layer = storage.manifest(Fleet.REPO, layerTag).layers().get(0);
    Path blob = storage.blob(layer.digest());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length - 10] ^= 0x01;
    Files.write(blob, bytes);

    LogLines log = new LogLines();
    BuildResult b = fleet.runner("b").build(false, log);
    assertEquals(a.digest(), b.digest(), log.text());
    assertEquals(1, log.warnings().size(), log.text());
    assertTrue(
        log.warnings().get(0).contains("the entry for layer key " + layerTag.substring(6)),
        log.text());
    assertTrue(log.warnings().get(0).contains("does not match its digest"), log.text());
    assertEquals(1, Fleet.lines(log, "Layers: 1 compressed, 2 reused").size(), log.text());
    assertEquals(1, fleet.stepRuns(), "both stages restored");
  }

  /** Pushes {@code tree} as the entry of {@code stage} of {@code runner}'s checkout, sealed. */
  private void pushSealedEntry(Fleet.Runner runner, String stage, byte[] tree) throws Exception {
    var plan = FleetProject.plan(runner.checkout, runner.cache, fleet.runs, fleet.shared(false));
    var spec = plan.stages().stream().filter(s -> s.name().equals(stage)).findFirst().orElseThrow();
    PortableStageKey key =
        PortableStageKey.of(
            spec,
            null,
            new PortableStageKey.Context(
                plan.timestamp(),
                plan.platform(),
                plan.basedir(),
                null,
                dev.imagesmith.store.FileHashes.load(dir.resolve("memo")),
                null));
    byte[] summary =
        JsonTrees.compact(
            dev.imagesmith.report.StageSummaryJson.toTree(
                new dev.imagesmith.report.StageSummary(stage, null, 0, 0, List.of(), List.of())));
    var client =
        new Registries(FleetProject.access(server.address()), BuildLog.silent())
            .client(server.address());
    Descriptor treeBlob =
        new Descriptor(
            StageEntry.TREE_TYPE, dev.imagesmith.image.Digest.ofBytes(tree), tree.length);
    Descriptor summaryBlob =
        new Descriptor(
            StageEntry.SUMMARY_TYPE, dev.imagesmith.image.Digest.ofBytes(summary), summary.length);
    client.pushBlob(Fleet.REPO, treeBlob, Files.write(dir.resolve("tree"), tree));
    client.pushBlob(Fleet.REPO, summaryBlob, Files.write(dir.resolve("summary"), summary));
    client.pushBlob(
        Fleet.REPO,
        EntryManifest.EMPTY_CONFIG_DESCRIPTOR,
        Files.write(dir.resolve("config"), EntryManifest.EMPTY_CONFIG));
    String created = "2026-01-02T03:04:05Z";
    List<Descriptor> layers = List.of(treeBlob, summaryBlob);
    EntryManifest manifest =
        new EntryManifest(
            StageEntry.ARTIFACT_TYPE,
            layers,
            java.util.Map.of(
                StageEntry.KEY,
                key.hex(),
                StageEntry.NAME,
                stage,
                StageEntry.CREATED,
                created,
                StageEntry.SEAL,
                EntrySeal.of(key.sealKey(), key.hex(), stage, created, layers)));
    pushManifest(key.tag(), manifest.toJson());
  }
}
