package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.image.Compression;
import dev.imagesmith.isolation.HostIds;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.BusyboxStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cache mounts of run steps ({@code <caches>}): a directory of the user's cache that a step of one
 * stage leaves something in and a step of a fresh stage finds again, which never becomes part of
 * either stage or a layer, with each mechanism and on the host.
 */
class CacheMountStepTest {
  static final String WHERE = "stages/stage[1]/steps/run[1]";

  /** Counts its runs in the cache and writes the count into the stage. */
  static final String COUNT =
      "n=$(cat /root/.ccache/n 2>/dev/null || echo 0); n=$((n + 1)); echo $n > /root/.ccache/n;"
          + " echo $n > /seen";

  @TempDir Path temp;

  @BeforeAll
  static void busybox() {
    assertTrue(BusyboxStage.available(), "apt-get install busybox-static (scripts/install-deps)");
  }

  CacheMounts mounts(Duration wait) {
    return new CacheMounts(
        temp.resolve("cache"), new CacheMountsSpec(false, wait), new RecordingLog());
  }

  static StepSpec.Run step(String command, CacheMount... caches) {
    return new StepSpec.Run(command, Map.of(), "/", true, null, List.of(caches), WHERE);
  }

  static CacheMount ccache() {
    return new CacheMount("ccache", "/root/.ccache", WHERE + "/caches/cache[1]");
  }

  Sandbox stage(String name) throws IOException {
    Sandbox sandbox = Sandbox.create(temp.resolve("stages").resolve(name));
    BusyboxStage.fill(sandbox.root());
    return sandbox;
  }

  static void run(String mechanism, CacheMounts mounts, Sandbox sandbox, StepSpec.Run step)
      throws IOException {
    new RunStepExecutor(mechanism, mounts)
        .execute(
            step,
            new StepContext("builder", sandbox, new RecordingLog(), RunIsolation.STAGE, List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"unshare", "proot"})
  void stageIsolated_cachePersists_andNeverEntersTheStageOrALayer(String mechanism)
      throws Exception {
    CacheMounts mounts = mounts(Duration.ofSeconds(5));
    Path cache = temp.resolve("cache/mounts/ccache");
    for (int build = 1; build <= 2; build++) {
      Sandbox sandbox = stage("b" + build);
      Path root = sandbox.hostPath("/root");
      Files.setLastModifiedTime(root, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

      run(mechanism, mounts, sandbox, step(COUNT, ccache()));

      assertEquals(build + "\n", Files.readString(sandbox.hostPath("/seen")), "run " + build);
      assertEquals(build + "\n", Files.readString(cache.resolve("n")), "the count is the cache's");
      assertFalse(
          Files.exists(sandbox.hostPath("/root/.ccache"), LinkOption.NOFOLLOW_LINKS),
          "the mount point the step needed is gone again");
      assertEquals(
          FileTime.from(Instant.parse("2020-01-01T00:00:00Z")),
          Files.getLastModifiedTime(root),
          "/root looks untouched");
      List<String> paths = sandbox.walk("/").stream().map(SandboxEntry::path).toList();
      assertFalse(paths.stream().anyMatch(p -> p.contains("ccache")), paths.toString());
      var layer =
          new LayerWriter(Compression.GZIP, Instant.EPOCH, LowerIndex.empty())
              .write(sandbox, "/", temp.resolve("blobs" + build));
      List<String> entries = tarNames(layer.blob());
      assertTrue(entries.contains("seen"), entries.toString());
      assertFalse(entries.stream().anyMatch(e -> e.contains("ccache")), entries.toString());
    }
  }

  @Test
  void stageIsolated_existingTargetIsCovered_itsContentKept() throws Exception {
    Sandbox sandbox = stage("covered");
    Path own = Files.createDirectories(sandbox.hostPath("/root/.ccache")).resolve("own");
    Files.writeString(own, "the stage's\n");

    run(
        "unshare",
        mounts(Duration.ZERO),
        sandbox,
        step("ls -A /root/.ccache > /listing; " + COUNT, ccache()));

    assertEquals("", Files.readString(sandbox.hostPath("/listing")), "the step sees the cache");
    assertEquals("the stage's\n", Files.readString(own));
    assertFalse(Files.exists(sandbox.hostPath("/root/.ccache/n")));
  }

  @Test
  void stageIsolated_foreignOwnersInTheCache_givenBackToTheMavenUser() throws Exception {
    Sandbox sandbox = stage("owners");

    run(
        "unshare",
        mounts(Duration.ZERO),
        sandbox,
        step(
            "mkdir /root/.ccache/d && echo x > /root/.ccache/d/f && chown -R 33:33 /root/.ccache/d",
            ccache()));

    Path file = temp.resolve("cache/mounts/ccache/d/f");
    assertEquals(
        HostIds.uid(),
        ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
    assertEquals(
        HostIds.uid(),
        ((Number) Files.getAttribute(file.getParent(), "unix:uid", LinkOption.NOFOLLOW_LINKS))
            .longValue());
  }

  @Test
  void hostStage_getsEachCachesDirectoryInAVariable() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stages/host"));
    CacheMount pip = new CacheMount("pip", null, WHERE + "/caches/cache[1]");
    CacheMount m2 = new CacheMount("maven.repo-1", null, WHERE + "/caches/cache[2]");
    CacheMounts mounts = mounts(Duration.ZERO);
    for (int build = 1; build <= 2; build++) {
      new RunStepExecutor("auto", mounts)
          .execute(
              step(
                  "echo \"$IMAGESMITH_CACHE_PIP $IMAGESMITH_CACHE_MAVEN_REPO_1\" > \"$STAGE_ROOT/vars\";"
                      + " echo run >> \"$IMAGESMITH_CACHE_PIP/log\"",
                  pip,
                  m2),
              new StepContext("builder", sandbox, new RecordingLog()));
    }
    Path mountsDirectory = temp.resolve("cache/mounts").toAbsolutePath();
    assertEquals(
        mountsDirectory.resolve("pip") + " " + mountsDirectory.resolve("maven.repo-1") + "\n",
        Files.readString(sandbox.hostPath("/vars")));
    assertEquals("run\nrun\n", Files.readString(mountsDirectory.resolve("pip/log")));
    assertEquals(
        "rwx------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(mountsDirectory)),
        "other host users read nothing of the caches");
  }

  @Test
  void twoStepsOfThisJvm_takeTurns_theSecondSaysItWaits() throws Exception {
    RecordingLog log = new RecordingLog();
    CacheMounts mounts =
        new CacheMounts(
            temp.resolve("cache"), new CacheMountsSpec(false, Duration.ofSeconds(30)), log);
    CacheMount pip = new CacheMount("pip", null, WHERE + "/caches/cache[1]");
    StepSpec.Run step =
        step(
            "echo start >> \"$IMAGESMITH_CACHE_PIP/log\"; sleep 1;"
                + " echo end >> \"$IMAGESMITH_CACHE_PIP/log\"",
            pip);
    List<Thread> builds = new java.util.ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (String name : List.of("one", "two")) {
      Sandbox sandbox = Sandbox.create(temp.resolve("stages").resolve(name));
      Thread build =
          new Thread(
              () -> {
                try {
                  new RunStepExecutor("auto", mounts)
                      .execute(step, new StepContext(name, sandbox, log));
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      builds.add(build);
      build.start();
    }
    for (Thread build : builds) {
      build.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(
        "start\nend\nstart\nend\n",
        Files.readString(temp.resolve("cache/mounts/pip/log")),
        "one step at a time");
    assertEquals(
        1,
        log.infos.stream()
            .filter(line -> line.contains("'pip' is in use by another build"))
            .count(),
        log.all());
  }

  @Test
  void clear_emptiesTheMountsTheStagesName_andNoOther() throws Exception {
    Path mountsDirectory = temp.resolve("cache/mounts");
    CacheMounts keep = mounts(Duration.ZERO);
    keep.directory("ccache");
    keep.directory("other");
    Files.createDirectories(mountsDirectory.resolve("ccache/sub"));
    Files.writeString(mountsDirectory.resolve("ccache/sub/f"), "x");
    Files.writeString(mountsDirectory.resolve("other/f"), "x");
    StageSpec stage =
        new StageSpec(
            "builder",
            null,
            List.of(step("true", ccache())),
            null,
            "stages/stage[1]",
            RunIsolation.STAGE);

    keep.clearIfAsked(List.of(stage));
    assertTrue(Files.exists(mountsDirectory.resolve("ccache/sub/f")), "not asked: kept");

    RecordingLog log = new RecordingLog();
    new CacheMounts(temp.resolve("cache"), new CacheMountsSpec(true, Duration.ZERO), log)
        .clearIfAsked(List.of(stage));
    try (var left = Files.list(mountsDirectory.resolve("ccache"))) {
      assertEquals(List.of(), left.toList());
    }
    assertTrue(Files.exists(mountsDirectory.resolve("other/f")), "a mount no step names is kept");
    assertTrue(log.all().contains("Cache mount 'ccache' emptied"), log.all());
  }

  /** The member names of a gzip layer, as GNU tar lists them. */
  static List<String> tarNames(Path blob) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "-tzf", blob.toString()).redirectErrorStream(true).start();
    String output =
        new String(tar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor(), output);
    return output.lines().toList();
  }
}
