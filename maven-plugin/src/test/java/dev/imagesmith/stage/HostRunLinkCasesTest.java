package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.image.Compression;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.StageCanary;
import dev.imagesmith.testkit.TestTar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section H of the security cases: a host-mode {@code run} step is a host shell, and the links it
 * follows came from base layers, archives, packages or earlier commands. The victim is a stand-in
 * for {@code /home/alice} beside the stage root ({@link StageCanary}), checked after every test;
 * each command also shows that the link still works inside the stage, and the layers keep each link
 * exactly as written (read back with GNU tar).
 */
class HostRunLinkCasesTest {
  private static final String WHERE = "stages/stage[1]/steps/run[1]";

  @TempDir Path host;
  @TempDir Path project;

  private StageCanary canary;
  private Sandbox sandbox;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void createStage() throws IOException {
    canary = new StageCanary(host);
    sandbox = Sandbox.create(canary.root);
    sandbox.useScratchDirectory(project); // the build's own directory: the canary watches the rest
  }

  @AfterEach
  void hostIsUntouched() throws IOException {
    canary.assertUntouched();
  }

  @Test
  void H1_baseLayerAbsoluteLink_hostRunWritesTheStagesFile() throws Exception {
    String profile = canary.profile.toString(); // an absolute host path, as in the issue
    layer(
        new TestTar()
            .file(profile.substring(1), "stage profile\n")
            .file(canary.home.toString().substring(1) + "/.ssh/authorized_keys", "")
            .symlink("usr/local/bin/tool", profile)
            .symlink("usr/local/bin/home", canary.home.toString()));

    run(
        "cat \"$STAGE_ROOT/usr/local/bin/tool\" > \"$STAGE_ROOT/seen\""
            + " && echo x >> \"$STAGE_ROOT/usr/local/bin/tool\""
            + " && chmod 0666 \"$STAGE_ROOT/usr/local/bin/tool\""
            + " && echo y >> \"$STAGE_ROOT/usr/local/bin/home/.ssh/authorized_keys\"");

    assertEquals("stage profile\n", stageFile("/seen"), "the link still works inside the stage");
    assertEquals("stage profile\nx\n", stageFile(profile));
    assertEquals("y\n", stageFile(canary.home + "/.ssh/authorized_keys"));
    assertEquals(profile, sandbox.stat("/usr/local/bin/tool").orElseThrow().linkTarget());
    String listing = layerListing("/usr/local");
    assertTrue(listing.contains(" usr/local/bin/tool -> " + profile + "\n"), listing);
    assertTrue(listing.contains(" usr/local/bin/home -> " + canary.home + "\n"), listing);
  }

  @Test
  void H2_extractedArchiveClimbingRelativeLink_clampedAtStageRoot() throws Exception {
    layer(new TestTar().file("home/alice/.profile", "stage profile\n"));
    // /opt/app/etc is three levels down: four '..' reach the canary's directory on the host.
    Path archive = project.resolve("app.tar");
    Files.write(
        archive,
        new TestTar()
            .file("etc/app.conf.default", "key=value\n")
            .symlink("etc/app.conf", "../../../../home/alice/.profile")
            .bytes());
    new ExtractStepExecutor(project)
        .execute(
            new StepSpec.Extract(archive, "/opt/app", 0, "stages/stage[1]/steps/extract[1]"),
            context());

    run(
        "cat \"$STAGE_ROOT/opt/app/etc/app.conf\" > \"$STAGE_ROOT/seen\""
            + " && echo x >> \"$STAGE_ROOT/opt/app/etc/app.conf\"");

    assertEquals("stage profile\n", stageFile("/seen"));
    assertEquals("stage profile\nx\n", stageFile("/home/alice/.profile"));
    String listing = layerListing("/opt/app");
    assertTrue(
        listing.contains(" opt/app/etc/app.conf -> ../../../../home/alice/.profile\n"), listing);
  }

  @Test
  void H3_chainedLinks_throughAbsoluteDirectoryLinks_stayInStage() throws Exception {
    layer(
        new TestTar()
            .file("home/alice/.profile", "stage profile\n")
            .file(canary.profile.toString().substring(1), "stage copy\n")
            .dir("usr/lib")
            // The chain: created at /usr/lib/x, three levels below the root.
            .symlink("lib", "/usr/lib")
            .symlink("lib/x", "../../../home/alice/.profile")
            // A name one level down that lands at the root: its one '..' climbs out.
            .symlink("up", "/")
            .symlink("up/evil", "../home/alice/.profile")
            // Fine by itself (downward), but through an absolute directory link.
            .symlink("homes", canary.home.getParent().toString())
            .symlink("via", "homes/alice/.profile"));

    run(
        "echo x >> \"$STAGE_ROOT/usr/lib/x\""
            + " && echo x >> \"$STAGE_ROOT/evil\""
            + " && echo x >> \"$STAGE_ROOT/via\""
            + " && cat \"$STAGE_ROOT/lib/x\" > \"$STAGE_ROOT/seen\"");

    assertEquals("stage profile\nx\nx\n", stageFile("/seen"));
    assertEquals("stage copy\nx\n", stageFile(canary.profile.toString()));
    assertEquals("homes/alice/.profile", Files.readSymbolicLink(hostOf("/via")).toString());
    String listing = layerListing("/");
    assertTrue(listing.contains(" lib -> /usr/lib\n"), listing);
    assertTrue(listing.contains(" usr/lib/x -> ../../../home/alice/.profile\n"), listing);
    assertTrue(listing.contains(" evil -> ../home/alice/.profile\n"), listing);
    assertTrue(listing.contains(" homes -> " + canary.home.getParent() + "\n"), listing);
  }

  @Test
  void H4_linksIntoProc_leadToTheStagesProc() throws Exception {
    layer(
        new TestTar()
            .file("proc/self/mounts", "stage mounts\n")
            .symlink("etc/mtab", "/proc/self/mounts")
            .symlink("usr/bin/hostroot", "/proc/self/root"));

    run(
        "cat \"$STAGE_ROOT/etc/mtab\" > \"$STAGE_ROOT/seen\""
            + " && (echo x >> \"$STAGE_ROOT/usr/bin/hostroot"
            + canary.profile
            + "\" || echo refused >> \"$STAGE_ROOT/seen\") 2>/dev/null");

    assertEquals("stage mounts\nrefused\n", stageFile("/seen"));
    assertTrue(layerListing("/usr").contains(" usr/bin/hostroot -> /proc/self/root\n"));
  }

  @Test
  void H5_hardlinkedSymlink_safeFromItsShallowestName() throws Exception {
    // "a/l" is downward where it is (one level down, one '..'); its second name "h" is at the
    // root, where the same text would climb out to the canary's directory.
    layer(
        new TestTar()
            .file("home/alice/.profile", "stage profile\n")
            .dir("a")
            .symlink("a/l", "../home/alice/.profile")
            .hardlink("h", "a/l"));

    run("cat \"$STAGE_ROOT/h\" > \"$STAGE_ROOT/seen\" && echo x >> \"$STAGE_ROOT/h\"");

    assertEquals("stage profile\n", stageFile("/seen"));
    assertEquals("stage profile\nx\n", stageFile("/home/alice/.profile"));
    assertEquals(
        Files.getAttribute(hostOf("/a/l"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        Files.getAttribute(hostOf("/h"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        "still one inode");
    String listing = layerListing("/");
    assertTrue(listing.contains(" a/l -> ../home/alice/.profile\n"), listing);
    assertTrue(listing.contains(" h link to a/l\n"), listing);
  }

  @Test
  void H7_linksARunStepWrote_rewrittenBeforeTheNextRunStep() throws Exception {
    // The user's own command links into the host (as "make install" does with absolute links);
    // an archive extracted next writes through the link inside the stage, and the next command
    // must find the archive's file, not the host's.
    run("ln -s '" + canary.home + "' \"$STAGE_ROOT/cfg\"");
    Path archive = project.resolve("config.tar");
    Files.write(archive, new TestTar().file("cfg/.profile", "from the archive\n").bytes());
    new ExtractStepExecutor(project)
        .execute(
            new StepSpec.Extract(archive, "/", 0, "stages/stage[1]/steps/extract[1]"), context());

    run(
        "cat \"$STAGE_ROOT/cfg/.profile\" > \"$STAGE_ROOT/seen\""
            + " && echo x >> \"$STAGE_ROOT/cfg/.profile\"");

    assertEquals("from the archive\n", stageFile("/seen"));
    assertEquals("from the archive\nx\n", stageFile(canary.profile.toString()));
    assertEquals(canary.home.toString(), sandbox.stat("/cfg").orElseThrow().linkTarget());
    assertTrue(layerListing("/cfg").contains(" cfg -> " + canary.home + "\n"));
  }

  @Test
  void H8_downloadedArchiveARunStepUnpacked_linksRewrittenBeforeTheNextRunStep() throws Exception {
    String profile = canary.profile.toString();
    layer(
        new TestTar()
            .file("home/alice/.profile", "stage profile\n")
            .file(profile.substring(1), "stage copy\n"));
    Path archive = project.resolve("tool.tar");
    Files.write(
        archive,
        new TestTar()
            .symlink("tool/etc/profile", profile)
            .symlink("tool/etc/up", "../../../../home/alice/.profile")
            .bytes());
    new DownloadStepExecutor(new DownloadCache(project.resolve("cache")), false)
        .execute(
            new StepSpec.Download(
                archive.toUri(), sha256(archive), "/dl/", "stages/stage[1]/steps/download[1]"),
            context());
    // GNU tar in the command unpacks the links as they are; the next command must not follow
    // them out of the stage.
    run(
        "mkdir -p \"$STAGE_ROOT/opt\" && tar -xf \"$STAGE_ROOT/dl/tool.tar\" -C \"$STAGE_ROOT/opt\"");

    run(
        "echo x >> \"$STAGE_ROOT/opt/tool/etc/profile\""
            + " && echo y >> \"$STAGE_ROOT/opt/tool/etc/up\"");

    assertEquals("stage copy\nx\n", stageFile(profile));
    assertEquals("stage profile\ny\n", stageFile("/home/alice/.profile"));
    String listing = layerListing("/opt");
    assertTrue(listing.contains(" opt/tool/etc/profile -> " + profile + "\n"), listing);
    assertTrue(listing.contains(" opt/tool/etc/up -> ../../../../home/alice/.profile\n"), listing);
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private void layer(TestTar tar) throws IOException {
    new ArchiveExtractor().applyLayer(tar.open(), sandbox, "base layer");
  }

  private StepContext context() {
    return new StepContext("builder", sandbox, log);
  }

  private void run(String command) throws IOException {
    new RunStepExecutor().execute(new StepSpec.Run(command, Map.of(), null, WHERE), context());
  }

  private Path hostOf(String imagePath) {
    return sandbox.hostPath(imagePath);
  }

  private String stageFile(String imagePath) throws IOException {
    return Files.readString(sandbox.resolve(imagePath).hostPath(), StandardCharsets.UTF_8);
  }

  /** {@code tar tvf} of the layer the stage's {@code path} makes: what an image would hold. */
  private String layerListing(String path) throws IOException, InterruptedException {
    Path blob =
        new LayerWriter(Compression.GZIP, Instant.parse("2020-01-01T00:00:00Z"), LowerIndex.empty())
            .write(sandbox, path, Files.createDirectories(project.resolve("blobs")))
            .blob();
    Process tar =
        new ProcessBuilder(List.of("tar", "--numeric-owner", "-tvzf", blob.toString()))
            .redirectErrorStream(true)
            .start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor(), listing);
    return listing;
  }
}
