package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.isolation.HostIds;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.BusyboxStage;
import dev.imagesmith.testkit.CacheMountStepMain;
import dev.imagesmith.testkit.HoldLockMain;
import dev.imagesmith.testkit.OtherUser;
import dev.imagesmith.testkit.SecretCanary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Class I of the security catalogue, cache mounts ({@code <caches>} of a stage-isolated run step):
 * a hostile stage or command must not lead the bind mount, the owner hand-back or the emptying of a
 * cache to a host path, nor the cache's id out of {@code mounts/}, and two builds never use one
 * cache at once. Each case runs a real command in a real busybox stage under the real mechanism.
 */
class CacheMountCasesTest {
  static final String WHERE = "stages/stage[1]/steps/run[1]";
  static final String WRITE = "echo owned > /root/.ccache/planted; ls /root/.ccache > /seen";

  @TempDir Path temp;
  SecretCanary canary;
  Sandbox sandbox;
  RecordingLog log;

  @BeforeAll
  static void busybox() {
    assertTrue(BusyboxStage.available(), "apt-get install busybox-static (scripts/install-deps)");
  }

  @BeforeEach
  void stage() throws IOException {
    canary = new SecretCanary(temp.resolve("host"));
    sandbox = Sandbox.create(temp.resolve("stages/builder"));
    BusyboxStage.fill(sandbox.root());
    log = new RecordingLog();
  }

  static CacheMount ccache() {
    return new CacheMount("ccache", "/root/.ccache", WHERE + "/<caches>/<cache>[1]");
  }

  CacheMounts mounts(Duration wait) {
    return new CacheMounts(temp.resolve("cache"), new CacheMountsSpec(false, wait), log);
  }

  void run(String mechanism, CacheMounts mounts, String command) throws IOException {
    new RunStepExecutor(mechanism, mounts)
        .execute(
            new StepSpec.Run(command, Map.of(), "/", true, null, List.of(ccache()), WHERE),
            new StepContext("builder", sandbox, log, RunIsolation.STAGE, List.of()));
  }

  Path cache() {
    return temp.resolve("cache/mounts/ccache");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unshare", "proot"})
  void I21_symlinkAtTheTarget_mountStaysInsideTheStage(String mechanism) throws IOException {
    // Absolute, as an image would plant it, and with more ".." than the stage is deep.
    Files.createSymbolicLink(sandbox.hostPath("/root/.ccache"), canary.directory);
    Files.createSymbolicLink(
        sandbox.hostPath("/root/up"), Path.of("../../../../../../../.." + canary.directory));

    run(mechanism, mounts(Duration.ZERO), WRITE);
    canary.assertUntouched();
    assertEquals(
        "owned\n", Files.readString(cache().resolve("planted")), "the write is the cache's");
    assertEquals("planted", Files.readString(sandbox.hostPath("/seen")).strip());
    // The link led to the stage's own path of that name; what the mount needed there is gone.
    Path inStage = sandbox.root().resolve(canary.directory.toString().substring(1));
    assertFalse(Files.exists(inStage, LinkOption.NOFOLLOW_LINKS), inStage.toString());
    assertTrue(Files.isSymbolicLink(sandbox.hostPath("/root/.ccache")), "the stage's link stays");

    Files.delete(sandbox.hostPath("/root/.ccache"));
    Files.move(sandbox.hostPath("/root/up"), sandbox.hostPath("/root/.ccache"));
    run(mechanism, mounts(Duration.ZERO), WRITE);
    canary.assertUntouched();
  }

  @Test
  void I21_symlinkAtTheTarget_bwrap_mountStaysInsideTheStage() throws Exception {
    if (!HostIds.isRoot()) {
      Files.createSymbolicLink(sandbox.hostPath("/root/.ccache"), canary.directory);
      run("bwrap", mounts(Duration.ZERO), WRITE);
      canary.assertUntouched();
      assertEquals("owned\n", Files.readString(cache().resolve("planted")));
      return;
    }
    String unavailable = OtherUser.unavailable();
    if (unavailable != null) {
      System.out.println("I21 bwrap skipped: " + unavailable);
      return;
    }
    // bwrap refuses root (I15): the unprivileged user plants the link and runs the step.
    Path work = Path.of("/tmp").resolve("imagesmith-i21-" + ProcessHandle.current().pid());
    Path victim = Path.of("/tmp").resolve("imagesmith-i21-victim-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(victim);
      Files.writeString(victim.resolve("note"), "victim\n");
      new ProcessBuilder("chown", "-R", OtherUser.USER, victim.toString()).start().waitFor();
      String output =
          OtherUser.runMain(
              work,
              CacheMountStepMain.class,
              "bwrap",
              work.resolve("w").toString(),
              "/root/.ccache",
              victim.toString(),
              WRITE);
      assertTrue(output.contains("inside the stage: bwrap"), output);
      assertTrue(output.contains("seen=planted"), output);
      assertTrue(output.contains("cache=[planted]"), output);
      try (Stream<Path> left = Files.list(victim)) {
        assertEquals(List.of(victim.resolve("note")), left.toList(), "the host directory");
      }
    } finally {
      OtherUser.delete(work);
      OtherUser.delete(victim);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unshare", "proot"})
  void I22_symlinkAboveTheTarget_mountStaysInsideTheStage(String mechanism) throws IOException {
    Files.delete(sandbox.hostPath("/root"));
    Files.createSymbolicLink(sandbox.hostPath("/root"), canary.directory);

    run(mechanism, mounts(Duration.ZERO), WRITE);

    canary.assertUntouched();
    assertEquals("owned\n", Files.readString(cache().resolve("planted")));
    assertFalse(
        Files.exists(
            sandbox.root().resolve(canary.directory.toString().substring(1)),
            LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void I23_unsafeIds_refused() {
    for (String id : List.of("..", ".", "../x", "a/b", "/abs", ".hidden", "-x", "", "a\nb")) {
      assertThrows(IllegalArgumentException.class, () -> new CacheMount(id, "/c", WHERE), id);
    }
    assertEquals("root-.ccache", CacheMount.idOf("/root/.ccache"));
    assertEquals("_.cache-pip", CacheMount.idOf("/.cache/pip"));
    assertEquals("a-b_c", CacheMount.idOf("//a/./b c/"));
  }

  @Test
  void I23_mountDirectoryIsALinkToTheHost_refusedHostUntouched() throws IOException {
    Files.createDirectories(temp.resolve("cache/mounts"));
    Files.createSymbolicLink(cache(), canary.directory);

    UserInputException refused =
        assertThrows(UserInputException.class, () -> run("unshare", mounts(Duration.ZERO), WRITE));

    assertTrue(
        refused.getMessage().contains(cache() + " is a symbolic link"), refused.getMessage());
    assertFalse(Files.exists(sandbox.hostPath("/seen")), "nothing ran");
    canary.assertUntouched();
  }

  @Test
  void I23_lockFileIsALinkToAHostFile_linkReplacedHostUntouched() throws IOException {
    Files.createDirectories(temp.resolve("cache/mounts/.locks"));
    Files.createSymbolicLink(temp.resolve("cache/mounts/.locks/ccache"), canary.secretFile);

    run("unshare", mounts(Duration.ZERO), WRITE);

    assertTrue(
        Files.isRegularFile(temp.resolve("cache/mounts/.locks/ccache"), LinkOption.NOFOLLOW_LINKS));
    canary.assertUntouched();
  }

  @Test
  void I24_linksTheCommandLeavesInTheCache_neitherOwnerHandBackNorClearingFollowsThem()
      throws Exception {
    // A host file and directory of another user: a hand-back that followed the links would make
    // them the Maven user's (as root: root's), an emptying that followed them would delete them.
    Path victim = Files.createDirectories(temp.resolve("victim"));
    Files.writeString(victim.resolve("file"), "victim\n");
    assertEquals(
        0, new ProcessBuilder("chown", "-R", "4242:4242", victim.toString()).start().waitFor());
    run(
        "unshare",
        mounts(Duration.ZERO),
        "ln -s '"
            + victim.resolve("file")
            + "' /root/.ccache/file && ln -s '"
            + victim
            + "' /root/.ccache/dir && chown -h 33:33 /root/.ccache/file /root/.ccache/dir"
            + " && mkdir /root/.ccache/d && chown 33:33 /root/.ccache/d");

    assertEquals(4242L, uid(victim));
    assertEquals(4242L, uid(victim.resolve("file")));
    assertTrue(Files.isSymbolicLink(cache().resolve("file")));
    Map<String, Long> owners = new TreeMap<>();
    for (String name : List.of("file", "dir", "d")) {
      owners.put(name, uid(cache().resolve(name)));
    }
    assertEquals(
        Map.of("d", HostIds.uid(), "dir", HostIds.uid(), "file", HostIds.uid()),
        owners,
        "the links themselves and the directory are given back");

    new CacheMounts(temp.resolve("cache"), new CacheMountsSpec(true, Duration.ZERO), log)
        .clearIfAsked(
            List.of(
                new StageSpec(
                    "builder",
                    null,
                    List.of(
                        new StepSpec.Run(
                            "true", Map.of(), "/", true, null, List.of(ccache()), WHERE)),
                    null,
                    "stages/stage[1]",
                    RunIsolation.STAGE)));
    try (Stream<Path> left = Files.list(cache())) {
      assertEquals(List.of(), left.toList());
    }
    assertEquals("victim\n", Files.readString(victim.resolve("file")));
    assertEquals(4242L, uid(victim.resolve("file")));
    canary.assertUntouched();
  }

  static long uid(Path path) throws IOException {
    return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  @Test
  void I25_anotherBuildHoldsTheCache_stepWaitsBoundedAndSaysSo() throws Exception {
    mounts(Duration.ZERO).directory("ccache");
    Path lockFile = Files.createDirectories(temp.resolve("cache/mounts/.locks")).resolve("ccache");
    Process holder = HoldLockMain.start(lockFile);
    try {
      long started = System.nanoTime();
      UserInputException refused =
          assertThrows(
              UserInputException.class,
              () -> run("unshare", mounts(Duration.ofMillis(400)), WRITE));
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(waitedMillis >= 400, "waited " + waitedMillis + " ms");
      assertEquals(
          "stage 'builder', step "
              + WHERE
              + " (run): cache mount 'ccache' ("
              + cache()
              + ") was still in use by another build after 400 ms. Let that build finish and"
              + " build again, give this step a cache of its own (<cache><id>another-id</id>...</cache>),"
              + " or wait longer with -Dimage.cacheMounts.wait=1h",
          refused.getMessage());
      assertTrue(
          log.all().contains("cache mount 'ccache' is in use by another build; waiting for it"),
          log.all());
      assertFalse(Files.exists(sandbox.hostPath("/seen")), "the step did not run");

      // Released (a build that ends, or is killed: the kernel drops its lock), the next one runs.
      holder.getOutputStream().close();
      assertEquals(0, holder.waitFor());
      run("unshare", mounts(Duration.ofSeconds(5)), WRITE);
      assertEquals("planted", Files.readString(sandbox.hostPath("/seen")).strip());
    } finally {
      holder.destroyForcibly();
    }
  }
}
