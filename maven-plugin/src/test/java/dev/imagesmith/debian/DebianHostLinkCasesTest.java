package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.stage.RunStepExecutor;
import dev.imagesmith.stage.StepContext;
import dev.imagesmith.testkit.StageCanary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section H of the security cases for Debian packages: a package's data.tar holds links (absolute
 * ones are common: {@code /etc/alternatives/...}), and a host-mode {@code run} step after the
 * {@code debian} step must follow them inside the stage. The whole path is real: a signed
 * repository on disk, the installer, the run step's shell, GNU tar on the layer.
 */
class DebianHostLinkCasesTest {
  @TempDir Path host;
  @TempDir Path work;
  private StageCanary canary;

  @AfterEach
  void hostIsUntouched() throws Exception {
    canary.assertUntouched();
  }

  @Test
  void H6_debianPackageLinks_hostRunFollowsThemInsideTheStage() throws Exception {
    canary = new StageCanary(host);
    String profile = canary.profile.toString();
    SignedRepository signed = SignedRepository.in(work);
    TestRepository repository = signed.repository();
    repository
        .add(
            new TestDeb("editor", "1.0-1", "amd64")
                .file("home/alice/.profile", "stage profile\n")
                .file(profile.substring(1), "stage copy\n")
                .symlink("usr/bin/editor", profile)
                // Three levels down: four '..' reach the canary's directory on the host.
                .symlink("usr/share/editor/profile", "../../../../home/alice/.profile"))
        .publish("amd64");
    Sandbox sandbox = Sandbox.create(canary.root);
    sandbox.useScratchDirectory(work); // the build's own directory: the canary watches the rest
    new DebianInstaller(
            work.resolve("cache"), false, work.resolve("no-apt"), new RepositoryClient())
        .install(
            new DebianRequest(
                List.of("editor"),
                repository.uri(),
                TestRepository.SUITE,
                List.of("main"),
                "amd64",
                signed.keyring(),
                List.of(),
                false,
                work.resolve("image-debian.lock"),
                "stages/stage[1]/steps/debian[1]"),
            sandbox,
            BuildLog.silent());

    new RunStepExecutor()
        .execute(
            new StepSpec.Run(
                "echo x >> \"$STAGE_ROOT/usr/bin/editor\""
                    + " && echo y >> \"$STAGE_ROOT/usr/share/editor/profile\"",
                Map.of(),
                null,
                "stages/stage[1]/steps/run[1]"),
            new StepContext("runtime", sandbox, BuildLog.silent()));

    assertEquals("stage copy\nx\n", stageFile(sandbox, profile));
    assertEquals("stage profile\ny\n", stageFile(sandbox, "/home/alice/.profile"));
    Path blob =
        new LayerWriter(Compression.GZIP, Instant.parse("2020-01-01T00:00:00Z"), LowerIndex.empty())
            .write(sandbox, "/usr", Files.createDirectories(work.resolve("blobs")))
            .blob();
    Process tar =
        new ProcessBuilder("tar", "--numeric-owner", "-tvzf", blob.toString())
            .redirectErrorStream(true)
            .start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor(), listing);
    assertTrue(listing.contains(" usr/bin/editor -> " + profile + "\n"), listing);
    assertTrue(
        listing.contains(" usr/share/editor/profile -> ../../../../home/alice/.profile\n"),
        listing);
  }

  private static String stageFile(Sandbox sandbox, String imagePath) throws Exception {
    return Files.readString(sandbox.resolve(imagePath).hostPath(), StandardCharsets.UTF_8);
  }
}
