package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.Metadata;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.isolation.HostIds;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.BusyboxStage;
import dev.imagesmith.testkit.IsolatedStepMain;
import dev.imagesmith.testkit.OtherUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class I of the security catalogue, the layer side: what a stage-isolated run step does to owners,
 * modes, setuid bits, hardlinks and FIFOs reaches the layer exactly (read back with GNU tar), the
 * host files stay the Maven user's, and the layer is the same whoever runs Maven and whichever
 * mechanism isolates the step.
 */
class StageIsolationLayersTest {
  /** Owners other than root, a setuid file, a hardlink, a FIFO and a private directory. */
  static final String OWNERS =
      "mkdir -p /srv && echo data > /srv/f && chown 33:33 /srv/f && cp /bin/busybox /srv/tool"
          + " && chmod 4755 /srv/tool && ln /srv/f /srv/f2 && mkfifo /srv/pipe"
          + " && mkdir /srv/private && chmod 700 /srv/private && chown 34:34 /srv/private"
          + " && echo secret > /srv/private/key && chown 34:34 /srv/private/key";

  /** The same without a chown, for a mechanism that maps root alone. */
  static final String MODES =
      "mkdir -p /srv && echo data > /srv/f && cp /bin/busybox /srv/tool && chmod 4755 /srv/tool"
          + " && ln /srv/f /srv/f2 && mkfifo /srv/pipe && mkdir /srv/private"
          + " && chmod 700 /srv/private && echo secret > /srv/private/key && chmod 400"
          + " /srv/private/key";

  @TempDir Path temp;

  @BeforeAll
  static void busybox() {
    assertTrue(BusyboxStage.available(), "apt-get install busybox-static (scripts/install-deps)");
  }

  @Test
  void I9_chownSetuidHardlinkFifo_reachTheLayerAsSet() throws Exception {
    WrittenLayer layer = IsolatedStepMain.layer("unshare", temp, OWNERS, "/srv");

    List<String> listing = tar(layer);
    assertLine(listing, "-rw-r--r-- 33/33", "srv/f");
    assertLine(listing, "hrw-r--r-- 33/33", "srv/f2 link to srv/f");
    assertLine(listing, "-rwsr-xr-x 0/0", "srv/tool");
    assertLine(listing, "prw-r--r-- 0/0", "srv/pipe");
    assertLine(listing, "drwx------ 34/34", "srv/private/");
    assertLine(listing, "-rw-r--r-- 34/34", "srv/private/key");

    // On the host, everything is the Maven user's again: no subordinate id, no setuid bit, no FIFO.
    Path srv = temp.resolve("stages/builder/srv");
    for (String name : List.of("f", "f2", "tool", "pipe", "private", "private/key")) {
      Path host = srv.resolve(name);
      assertEquals(
          HostIds.uid(),
          ((Number) Files.getAttribute(host, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
          name);
      int mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      assertEquals(0, mode & 06000, name + " has no setuid bit on the host");
      assertTrue(
          Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(host), name);
    }
  }

  @Test
  void I9_recordedOwner_seenInsideAndKeptThroughAChmod() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stages/builder"));
    BusyboxStage.fill(sandbox.root());
    Path data = Files.createDirectories(sandbox.hostPath("/srv")).resolve("data");
    Files.writeString(data, "data\n");
    sandbox.setMetadata("/srv/data", Metadata.of(0640, 33, 33, FileType.REGULAR));
    Files.writeString(sandbox.hostPath("/srv/suid"), "not really\n");
    sandbox.setMetadata("/srv/suid", Metadata.of(04755, 0, 0, FileType.REGULAR));

    new RunStepExecutor("unshare")
        .execute(
            new StepSpec.Run(
                "stat -c '%u:%g %a' /srv/data /srv/suid > /srv/seen && chmod 600 /srv/data"
                    + " && rm /srv/suid && echo new > /srv/suid",
                Map.of(), "/", "steps/run[1]"),
            new StepContext("builder", sandbox, new RecordingLog(), RunIsolation.STAGE, List.of()));

    assertEquals("33:33 640\n0:0 4755\n", Files.readString(sandbox.hostPath("/srv/seen")));
    var entry = sandbox.stat("/srv/data").orElseThrow();
    assertEquals(List.of(33L, 33L, 0600), List.of(entry.uid(), entry.gid(), entry.mode()));
    var replaced = sandbox.stat("/srv/suid").orElseThrow();
    assertEquals(0644, replaced.mode(), "a new file at a recorded path gets no old setuid bit");
  }

  @Test
  void I11_sameLayer_asRootAndAsAnUnprivilegedUser() throws Exception {
    String unavailable = OtherUser.unavailable();
    if (unavailable != null) {
      System.out.println("I11 skipped: " + unavailable);
      return;
    }
    String asRoot =
        IsolatedStepMain.layer("unshare", temp.resolve("root"), OWNERS, "/srv").digest().toString();
    Path work = Path.of("/tmp").resolve("imagesmith-i11-" + ProcessHandle.current().pid());
    try {
      String output =
          OtherUser.runMain(
              work,
              IsolatedStepMain.class,
              "unshare",
              work.resolve("w").toString(),
              OWNERS,
              "/srv");
      assertTrue(output.contains("subordinate range"), "the user's id range was used: " + output);
      assertTrue(output.contains("digest=" + asRoot), output);
    } finally {
      OtherUser.delete(work);
    }
  }

  @Test
  void I11_eachMechanism_sameLayer() throws Exception {
    String reference =
        IsolatedStepMain.layer("unshare", temp.resolve("unshare"), OWNERS, "/srv")
            .digest()
            .toString();
    if (HostIds.isRoot()) {
      // proot run by root keeps real owners, which the plugin reads back like unshare's.
      assertEquals(
          reference,
          IsolatedStepMain.layer("proot", temp.resolve("proot"), OWNERS, "/srv")
              .digest()
              .toString());
    }
    String modes =
        IsolatedStepMain.layer("unshare", temp.resolve("modes"), MODES, "/srv").digest().toString();
    assertEquals(
        modes,
        IsolatedStepMain.layer("proot", temp.resolve("proot-modes"), MODES, "/srv")
            .digest()
            .toString());
    String unavailable = OtherUser.unavailable();
    if (HostIds.isRoot() && unavailable == null) {
      Path work = Path.of("/tmp").resolve("imagesmith-i11b-" + ProcessHandle.current().pid());
      try {
        String output =
            OtherUser.runMain(
                work, IsolatedStepMain.class, "bwrap", work.resolve("w").toString(), MODES, "/srv");
        assertTrue(output.contains("inside the stage: bwrap"), output);
        assertTrue(output.contains("digest=" + modes), output);
      } finally {
        OtherUser.delete(work);
      }
    } else if (!HostIds.isRoot()) {
      assertEquals(
          modes,
          IsolatedStepMain.layer("bwrap", temp.resolve("bwrap-modes"), MODES, "/srv")
              .digest()
              .toString());
    } else {
      System.out.println("I11 bwrap skipped: " + unavailable);
    }
  }

  @Test
  void I17_stageLeftWithSubordinateOwners_givenBackAndDeleted() throws Exception {
    String unavailable = OtherUser.unavailable();
    if (unavailable != null) {
      System.out.println("I17 skipped: " + unavailable);
      return;
    }
    // What a build killed with SIGKILL mid-step leaves: a directory of ids from the user's range.
    Path work = Path.of("/tmp").resolve("imagesmith-i17-" + ProcessHandle.current().pid());
    try {
      Path stage = Files.createDirectories(work.resolve("stages/builder/srv/d"));
      Files.writeString(stage.resolve("f"), "data\n");
      Path builder = work.resolve("stages/builder");
      run("chown", "-R", OtherUser.USER, work.toString());
      run("chown", "-R", "100033:100033", builder.resolve("srv").toString());
      run("chmod", "755", builder.resolve("srv/d").toString());

      String output =
          OtherUser.runMain(
              work.resolve("main"), dev.imagesmith.testkit.ReclaimMain.class, builder.toString());

      assertTrue(output.contains("denied"), "a plain delete fails: " + output);
      assertTrue(output.contains("reclaimed=true"), output);
      assertTrue(output.contains("deleted"), output);
      assertFalse(Files.exists(builder));
    } finally {
      OtherUser.delete(work);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    assertEquals(
        0, new ProcessBuilder(command).inheritIO().start().waitFor(), String.join(" ", command));
  }

  static List<String> tar(WrittenLayer layer) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("tar", "--numeric-owner", "-tvzf", layer.blob().toString())
            .redirectErrorStream(true);
    builder.environment().put("TZ", "UTC");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    return output.lines().toList();
  }

  static void assertLine(List<String> listing, String modeAndOwner, String nameAndLink) {
    assertTrue(
        listing.stream()
            .anyMatch(
                line -> line.startsWith(modeAndOwner + " ") && line.endsWith(" " + nameAndLink)),
        modeAndOwner + " ... " + nameAndLink + " in:\n" + String.join("\n", listing));
    assertFalse(listing.isEmpty());
  }
}
