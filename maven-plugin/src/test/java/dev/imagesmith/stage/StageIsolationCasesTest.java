package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.isolation.Isolation;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.isolation.IsolationRefusedException;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.BusyboxStage;
import dev.imagesmith.testkit.SecretCanary;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Class I of the security catalogue: what a run step of a stage with {@code
 * <isolation>stage</isolation>} can reach of the host. Each case runs a real command in a real
 * busybox stage under the real mechanism ({@code unshare} unless the case names another) and looks
 * at the host afterwards. Layer, ownership and digest cases: {@link StageIsolationLayersTest}.
 */
class StageIsolationCasesTest {
  static final String WHERE = "stages/stage[1]/steps/run[1]";

  @TempDir Path temp;
  Sandbox sandbox;
  RecordingLog log;
  SecretCanary canary;

  @BeforeAll
  static void busybox() {
    assertTrue(
        BusyboxStage.available(),
        "these tests need a static busybox at /bin/busybox: apt-get install busybox-static"
            + " (scripts/install-deps)");
  }

  @BeforeEach
  void stage() throws IOException {
    canary = new SecretCanary(temp.resolve("host"));
    sandbox = Sandbox.create(temp.resolve("stages/builder"));
    BusyboxStage.fill(sandbox.root());
    log = new RecordingLog();
  }

  static StepSpec.Run step(String command) {
    return new StepSpec.Run(command, Map.of(), "/", WHERE);
  }

  void run(String mechanism, StepSpec.Run step) throws IOException {
    new RunStepExecutor(mechanism)
        .execute(step, new StepContext("builder", sandbox, log, RunIsolation.STAGE, List.of()));
  }

  void run(String command) throws IOException {
    run("unshare", step(command));
  }

  String stageFile(String path) throws IOException {
    return Files.readString(sandbox.hostPath(path));
  }

  @Test
  void I1_hostFiles_notReadable() throws IOException {
    Path home = Path.of(System.getProperty("user.home"));
    Path homeCanary = home.resolve(".imagesmith-i1-" + UUID.randomUUID());
    Files.writeString(homeCanary, canary.secret);
    try {
      run(
          "for f in '"
              + canary.secretFile
              + "' '"
              + homeCanary
              + "' '"
              + home.resolve(".m2")
              + "' '"
              + home.resolve(".ssh")
              + "'; do cat \"$f\"; ls \"$f\"; done > /seen 2>&1; ls -a / > /top; true");
    } finally {
      Files.delete(homeCanary);
    }

    String seen = stageFile("/seen");
    assertFalse(seen.contains(canary.secret), seen);
    assertTrue(seen.contains("No such file or directory"), seen);
    assertEquals(
        List.of(".", "..", "bin", "dev", "etc", "proc", "root", "seen", "tmp", "top"),
        stageFile("/top").lines().toList(),
        "the command's / is the stage, with /dev and /proc mounted over it");
    assertFalse(String.join("\n", log.commandOutput).contains(canary.secret));
    canary.assertUntouched();
  }

  @Test
  void I2_hostTmp_notWritable_writesLandInTheStage() throws IOException {
    String name = "imagesmith-i2-" + UUID.randomUUID();
    run(
        "echo owned > /tmp/"
            + name
            + "; echo owned > '"
            + canary.directory.resolve("sub/note")
            + "'; mkdir -p '"
            + canary.directory
            + "' && echo owned > '"
            + canary.secretFile
            + "'; true");

    assertFalse(Files.exists(Path.of("/tmp", name)), "nothing in the host's /tmp");
    assertEquals("owned\n", stageFile("/tmp/" + name));
    canary.assertUntouched();
    // What the command meant for the host path was made inside the stage, at that path.
    assertEquals("owned\n", stageFile(canary.secretFile.toString()));
  }

  @Test
  void I3_hostProcesses_notVisible() throws Exception {
    Process host = new ProcessBuilder("sleep", "424201").start();
    try {
      run(
          "ps -o pid,args > /ps; ls /proc | grep -c '^[0-9]' > /count; kill -0 "
              + host.pid()
              + " 2> /kill; echo $? >> /kill; true");
    } finally {
      host.destroyForcibly();
    }

    String ps = stageFile("/ps");
    assertFalse(ps.contains("424201"), ps);
    assertFalse(ps.contains("java"), ps);
    // PID 1 and the two helper shells, the command's shell, ps and grep: nothing else.
    assertTrue(Integer.parseInt(stageFile("/count").strip()) <= 8, ps);
    assertTrue(stageFile("/kill").strip().endsWith("1"), stageFile("/kill"));
  }

  @Test
  void I4_procSelfRootAndSymlinks_leadBackIntoTheStage() throws IOException {
    Path link = sandbox.hostPath("/escape");
    Files.createSymbolicLink(link, canary.secretFile);
    Files.createSymbolicLink(
        sandbox.hostPath("/up"), Path.of("../../../../../../../.." + canary.secretFile));
    run(
        "{ cat /escape; cat /up; cat /proc/self/root"
            + canary.secretFile
            + "; ls /proc/1/root/; cat /proc/1/root"
            + canary.secretFile
            + "; cat /proc/1/cwd/secret; ls /proc/self/root/; } > /seen 2>&1; true");

    String seen = stageFile("/seen");
    assertFalse(seen.contains(canary.secret), seen);
    assertTrue(seen.contains("/proc/1/root/: Permission denied"), seen);
    assertTrue(seen.contains("escape"), "/proc/self/root/ lists the stage: " + seen);
    canary.assertUntouched();
  }

  @Test
  void I5_setuidBinary_givesNoNewPrivileges() throws Exception {
    Path source = temp.resolve("euid.c");
    Files.writeString(
        source,
        "#include <stdio.h>\n#include <unistd.h>\n"
            + "int main(void) { printf(\"euid=%d\\n\", (int) geteuid()); return 0; }\n");
    Path binary = sandbox.hostPath("/bin/euid");
    Process gcc =
        new ProcessBuilder("gcc", "-static", "-o", binary.toString(), source.toString())
            .inheritIO()
            .start();
    assertEquals(0, gcc.waitFor(), "gcc -static (libc6-dev) builds the probe");
    Files.writeString(
        sandbox.hostPath("/etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
    Files.writeString(sandbox.hostPath("/etc/group"), "root:x:0:\nnogroup:x:65534:\n");

    run(
        "chmod 4755 /bin/euid && /bin/euid > /as-root"
            + " && su -s /bin/sh nobody -c '/bin/euid; grep NoNewPrivs /proc/self/status'"
            + " > /as-nobody 2>&1; true");

    assertEquals("euid=0\n", stageFile("/as-root"));
    String nobody = stageFile("/as-nobody");
    assertTrue(nobody.contains("euid=65534"), "the setuid bit is ignored: " + nobody);
    assertTrue(nobody.contains("NoNewPrivs:\t1"), nobody);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unshare", "proot"})
  @Timeout(120)
  void I6_daemon_goneWhenTheStepEnds(String mechanism) throws IOException {
    String id = Long.toString(424_300 + mechanism.length());
    long started = System.nanoTime();
    run(
        mechanism,
        step(
            "setsid sleep "
                + id
                + "1 > /dev/null 2>&1 & sleep "
                + id
                + "2 > /dev/null 2>&1 & (setsid sh -c 'sleep "
                + id
                + "3' > /dev/null 2>&1 &); echo started"));

    assertTrue(log.commandOutput.contains("started"));
    assertTrue(
        System.nanoTime() - started < Duration.ofSeconds(60).toNanos(), "did not wait for them");
    assertEquals(List.of(), hostProcessesMentioning(id), "left running on the host");
  }

  @Test
  void I7_networkNone_cutsTheNetwork() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      AtomicReference<String> received = new AtomicReference<>("");
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket socket = server.accept();
                      InputStream in = socket.getInputStream()) {
                    received.set(
                        received.get() + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      accept.setDaemon(true);
      accept.start();
      String connect =
          "echo hello | nc -w 3 127.0.0.1 " + server.getLocalPort() + " && echo connected > /net";

      run("unshare", step(connect + "; true"));
      assertEquals("connected\n", stageFile("/net"), "with the network the host is reachable");
      Files.delete(sandbox.hostPath("/net"));

      run(
          "unshare",
          new StepSpec.Run(
              connect + "; ip link > /links 2>&1; true", Map.of(), "/", false, null, WHERE));
      assertFalse(Files.exists(sandbox.hostPath("/net")), "no connection without the network");
      Thread.sleep(200);
      assertEquals("hello\n", received.get(), "only the first command reached the server");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unshare", "proot"})
  @Timeout(120)
  void I8_timeout_stopsTheWholeTree(String mechanism) {
    String id = Long.toString(424_400 + mechanism.length());
    long started = System.nanoTime();
    UserInputException failure =
        assertThrows(
            UserInputException.class,
            () ->
                run(
                    mechanism,
                    new StepSpec.Run(
                        "echo before; setsid sleep "
                            + id
                            + "1 & sleep "
                            + id
                            + "2 & sleep "
                            + id
                            + "3",
                        Map.of(),
                        "/",
                        true,
                        Duration.ofSeconds(2),
                        WHERE)));

    assertTrue(
        failure
            .getMessage()
            .contains(
                "timed out after 2 s; the command and every process it" + " started were stopped"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("before"), failure.getMessage());
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos());
    assertEquals(List.of(), hostProcessesMentioning(id), "left running on the host");
  }

  @Test
  void I10_resolvConfAndHosts_boundForTheStepOnly() throws IOException {
    run(
        "cat /etc/resolv.conf > /seen-resolv; cat /etc/hosts > /seen-hosts;"
            + " echo 'nameserver 192.0.2.66' >> /etc/resolv.conf; echo $? > /write; true");

    assertEquals(hostFile("/etc/resolv.conf"), stageFile("/seen-resolv"));
    assertEquals(hostFile("/etc/hosts"), stageFile("/seen-hosts"));
    assertFalse(stageFile("/write").strip().equals("0"), "read-only inside");
    assertFalse(Files.exists(sandbox.hostPath("/etc/resolv.conf"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(sandbox.hostPath("/etc/hosts"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(hostFile("/etc/resolv.conf").contains("192.0.2.66"));
  }

  @Test
  void I10_stagesOwnResolvConf_untouched() throws IOException {
    Path own = sandbox.hostPath("/etc/resolv.conf");
    Files.writeString(own, "nameserver 192.0.2.53\n");
    Files.setLastModifiedTime(own, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000L));
    run("cat /etc/resolv.conf > /seen-resolv");

    assertEquals(hostFile("/etc/resolv.conf"), stageFile("/seen-resolv"));
    assertEquals("nameserver 192.0.2.53\n", Files.readString(own));
    assertEquals(
        1_000_000_000L, Files.getLastModifiedTime(own, LinkOption.NOFOLLOW_LINKS).toMillis());
  }

  @Test
  void I12_deviceNode_refusedWithAClearMessage() {
    UserInputException failure =
        assertThrows(UserInputException.class, () -> run("mknod /null c 1 3"));

    assertTrue(
        failure
            .getMessage()
            .contains(
                "cannot make device nodes: the kernel refuses mknod in a" + " user namespace"),
        failure.getMessage());
    assertFalse(Files.exists(sandbox.hostPath("/null"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void I13_onlyRootMapped_chownToAnotherUserFailsLoudly() throws IOException {
    Isolation onlyRoot = IsolationProbe.unshareWithOnlyRoot();
    UserInputException failure =
        assertThrows(
            UserInputException.class,
            () ->
                new RunStepExecutor(onlyRoot)
                    .execute(
                        step("touch /f && chown 33:33 /f"),
                        new StepContext("builder", sandbox, log, RunIsolation.STAGE, List.of())));

    assertTrue(failure.getMessage().contains("Invalid argument"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("Only root exists inside this stage"), failure.getMessage());
    assertEquals(0, sandbox.stat("/f").orElseThrow().uid());
  }

  @Test
  void I14_missingShell_refusedBeforeAnythingRuns() throws IOException {
    Files.delete(sandbox.hostPath("/bin/sh"));
    UserInputException failure = assertThrows(UserInputException.class, () -> run("true"));

    assertTrue(failure.getMessage().contains("the stage has no /bin/sh"), failure.getMessage());
  }

  @Test
  void I15_bwrapAsRoot_refusedWithTheReason() throws Exception {
    if (!dev.imagesmith.isolation.HostIds.isRoot()) {
      return; // as a plain user bwrap runs: StageIsolationLayersTest#I11_eachMechanism_sameLayer
    }
    IsolationRefusedException refused =
        assertThrows(IsolationRefusedException.class, () -> run("bwrap", step("true")));

    assertTrue(
        refused.getMessage().contains("not used when Maven runs as root"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Ways out"), refused.getMessage());
  }

  @Test
  void I16_boundHostObjects_cannotBeChangedOrUncovered() throws IOException {
    Object before = Files.getAttribute(Path.of("/dev/null"), "unix:mode");
    run(
        "try() { if \"$@\" 2>/dev/null; then echo \"$1 worked\"; else echo \"$1 refused\"; fi; };"
            + " mkdir -p /mnt; { try chmod 000 /dev/null; try chown 1:1 /dev/zero;"
            + " try umount /etc/resolv.conf; try mount -o remount,rw /etc/hosts;"
            + " try mount -t tmpfs none /mnt; try sh -c 'echo x > /dev/null'; } > /seen");

    assertEquals(
        List.of(
            "chmod refused",
            "chown refused",
            "umount refused",
            "mount refused",
            "mount refused",
            "sh worked"),
        stageFile("/seen").lines().toList());
    assertEquals(before, Files.getAttribute(Path.of("/dev/null"), "unix:mode"));
  }

  static String hostFile(String path) throws IOException {
    Path file = Path.of(path);
    return Files.isRegularFile(file) ? Files.readString(file) : "";
  }

  /** Host processes whose command line mentions {@code text}, other than this JVM. */
  static List<String> hostProcessesMentioning(String text) {
    for (int attempt = 0; ; attempt++) {
      List<String> found =
          ProcessHandle.allProcesses()
              .filter(process -> process.pid() != ProcessHandle.current().pid())
              .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
              .filter(line -> line.contains(text))
              .toList();
      if (found.isEmpty() || attempt == 20) {
        return found;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
  }
}
