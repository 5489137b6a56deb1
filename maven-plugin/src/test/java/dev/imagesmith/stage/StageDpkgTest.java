package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.debian.AptSources;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.image.Compression;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.SecretCanary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A {@code debian} step of a stage-isolated stage, against the real Debian repository of the build
 * host (cached in {@code target/imagesmith-cache}, shared with the ITs): the stage's own dpkg
 * installs the packages inside the stage and runs their maintainer scripts. One stage is
 * bootstrapped from nothing (debootstrap's order) for the whole class; later tests add to it in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StageDpkgTest {
  static final Path CACHE = Path.of("target", "imagesmith-cache").toAbsolutePath();

  /** Far from the day the tests run: a day the image shows comes from here or from the clock. */
  static final Instant TIMESTAMP = Instant.parse("2020-01-01T00:00:00Z");

  static final long TIMESTAMP_DAY = 18262;

  static final String WHERE = "stages/stage[1]/steps/debian[1]";

  /**
   * The essential set and mawk (its awk is an alternative) and passwd (its postinst turns shadow
   * passwords on: {@code /etc/shadow} with a change day per user); usrmerge left out, which would
   * bring perl only to merge /usr.
   */
  static final List<String> BASE = List.of("mawk", "passwd");

  static Path work;
  static Sandbox base;
  static StepOutcome baseOutcome;
  static RecordingLog baseLog;

  @BeforeAll
  static void bootstrap() throws Exception {
    Assumptions.assumeTrue(
        !AptSources.read(Path.of("/etc/apt")).isEmpty(), "the build host has no apt deb source");
    work = Files.createTempDirectory("imagesmith-stage-dpkg-");
    baseLog = new RecordingLog();
    base = Sandbox.create(work.resolve("first/stages/base"));
    baseOutcome = install(base, BASE, true, baseLog, "first");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (work != null) {
      HostFiles.deleteTree(work);
    }
  }

  static StepOutcome install(
      Sandbox sandbox, List<String> packages, boolean essential, RecordingLog log, String lock)
      throws IOException {
    StepSpec.Debian step =
        new StepSpec.Debian(
            packages,
            null,
            null,
            List.of(),
            null,
            null,
            List.of("usrmerge"),
            essential,
            work.resolve(lock + "/image-debian.lock"),
            WHERE);
    return new DebianStepExecutor(
            CACHE,
            false,
            "linux/amd64",
            Fetching.DEFAULT,
            new IsolatedRunStep("unshare"),
            TIMESTAMP)
        .execute(step, new StepContext("base", sandbox, log, RunIsolation.STAGE, List.of()));
  }

  @Test
  @Order(1)
  void bootstrap_essentialSet_theStagesDpkgRanTheScripts() throws IOException {
    assertTrue(
        baseLog.all().contains("the stage has no dpkg yet: unpacking"), "debootstrap's order");
    assertTrue(baseLog.all().contains("inside the stage: unshare"));
    List<String> ran = baseOutcome.maintainerScriptsRun();
    assertTrue(baseOutcome.maintainerScriptsNotRun().isEmpty());
    assertTrue(ran.stream().anyMatch(e -> e.matches("mawk=\\S+ \\(postinst\\)")), ran.toString());
    assertTrue(
        ran.stream().anyMatch(e -> e.matches("libc-bin=\\S+ \\(postinst, triggers\\)")),
        "ldconfig's trigger: " + ran);
    assertTrue(ran.stream().anyMatch(e -> e.matches("base-passwd=\\S+ \\(preinst, postinst\\)")));

    // dpkg knows every package as installed, with the lists it wrote itself.
    String status = read(base, "/var/lib/dpkg/status");
    assertTrue(status.contains("Package: mawk\nStatus: install ok installed\n"), "mawk");
    assertFalse(status.contains("unpacked"), "nothing left half done");
    // update-alternatives made awk; ldconfig its cache; passwd's postinst the shadow file.
    assertEquals("/etc/alternatives/awk", link(base, "/usr/bin/awk"));
    assertEquals("/usr/bin/mawk", link(base, "/etc/alternatives/awk"));
    assertTrue(base.stat("/etc/ld.so.cache").orElseThrow().size() > 0);
    assertShadowDay(base, "root");
    SandboxEntry shadow = base.stat("/etc/shadow").orElseThrow();
    assertEquals(42, shadow.gid(), "root:shadow, as passwd's postinst set it");
    assertEquals(0640, shadow.mode());

    // Nothing of the step's machinery is left, nor the day's traces.
    for (String gone :
        List.of(
            "/.imagesmith-debian",
            "/usr/sbin/policy-rc.d",
            "/var/log/dpkg.log",
            "/var/log/alternatives.log",
            "/var/cache/ldconfig/aux-cache",
            "/var/lib/dpkg/status-old",
            "/var/cache/debconf/templates.dat-old")) {
      assertTrue(base.stat(gone).isEmpty(), gone);
    }
  }

  @Test
  @Order(2)
  void sameInputs_sameLayer_whenBuiltAgainLater() throws IOException {
    Sandbox again = Sandbox.create(work.resolve("second/stages/base"));
    StepOutcome outcome = install(again, BASE, true, new RecordingLog(), "first");

    assertEquals(baseOutcome, outcome);
    assertEquals(layerDigest(base, "first"), layerDigest(again, "second"));
    HostFiles.deleteTree(work.resolve("second"));
  }

  @Test
  @Order(3)
  void stageWithDpkg_scriptsRun_userCreatedOwnerKept() throws IOException {
    RecordingLog log = new RecordingLog();
    StepOutcome outcome = install(base, List.of("uuid-runtime"), false, log, "uuid");

    assertFalse(log.all().contains("no dpkg yet"));
    assertTrue(
        outcome.maintainerScriptsRun().stream()
            .anyMatch(e -> e.matches("uuid-runtime=\\S+ \\(preinst, postinst\\)")),
        outcome.toString());
    // adduser made the user (through useradd, with the build timestamp's day)...
    String passwd = read(base, "/etc/passwd");
    assertTrue(passwd.contains("\nuuidd:x:"), passwd);
    assertShadowDay(base, "uuidd");
    // ... and the postinst's chown and chmod reached the overlay.
    long uid = Long.parseLong(passwd.split("\nuuidd:x:")[1].split(":")[0]);
    SandboxEntry libuuid = base.stat("/var/lib/libuuid").orElseThrow();
    assertEquals(uid, libuuid.uid());
    assertEquals(02775, libuuid.mode());
    // policy-rc.d kept the daemon from starting; nothing of it is left.
    assertTrue(base.stat("/run/uuidd").isEmpty(), "uuidd never started");
    assertTrue(base.stat("/usr/sbin/policy-rc.d").isEmpty());
  }

  @Test
  @Order(4)
  void failingMaintainerScript_namesThePackageAndItsOutput() throws IOException {
    // An update-alternatives that fails, as a broken tool in a base image would.
    runInside(
        "printf '#!/bin/sh\\necho update-alternatives is broken here >&2\\nexit 3\\n'"
            + " > /usr/bin/update-alternatives");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> install(base, List.of("less"), false, new RecordingLog(), "less"));

    String message = e.getMessage();
    assertTrue(
        message.startsWith(
            "stage 'base', step "
                + WHERE
                + " (debian): the stage's dpkg could not install package less (installed less"
                + " package post-installation script subprocess returned error exit status 3)"),
        message);
    assertTrue(message.contains("update-alternatives is broken here"), message);
    assertTrue(base.stat("/.imagesmith-debian").isEmpty(), "the step's files are gone");
  }

  @Test
  @Order(5)
  void I18_hostileMaintainerScript_reachesNothingOfTheHostNorTheCache() throws Exception {
    SecretCanary canary = new SecretCanary(work.resolve("host"));
    String marker = "imagesmith-i18-" + UUID.randomUUID();
    // What ed's postinst calls does what a hostile script would: read a host secret, write the
    // host's
    // /tmp and the canary, change the .deb it came from, leave a process running.
    runInside(
        "printf '#!/bin/sh\\n"
            + "cat "
            + canary.secretFile
            + " > /seen 2>&1\\n"
            + "echo owned > /tmp/"
            + marker
            + "\\n"
            + "mkdir -p "
            + canary.directory
            + " && echo owned > "
            + canary.directory.resolve("sub/note")
            + "\\n"
            + "for f in /.imagesmith-debian/*.deb; do echo owned > $f; done\\n"
            + "(sleep 4242 &) \\n"
            + "exit 0\\n' > /usr/bin/update-alternatives");

    StepOutcome outcome = install(base, List.of("ed"), false, new RecordingLog(), "i18");

    assertTrue(
        outcome.maintainerScriptsRun().stream().anyMatch(e -> e.startsWith("ed=")),
        outcome.toString());
    canary.assertUntouched();
    assertFalse(read(base, "/seen").contains(canary.secret), "no host secret inside the stage");
    assertFalse(Files.exists(Path.of("/tmp", marker)), "nothing in the host's /tmp");
    assertEquals("owned\n", read(base, "/tmp/" + marker), "the write landed in the stage");
    String sha256 =
        Files.readAllLines(work.resolve("i18/image-debian.lock")).stream()
            .filter(line -> line.startsWith("ed "))
            .findFirst()
            .orElseThrow()
            .split(" ")[3];
    assertEquals(
        sha256,
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(CACHE.resolve("debian/sha256").resolve(sha256)))),
        "the cached .deb is the verified one: the stage had a copy");
    assertTrue(
        ProcessHandle.allProcesses()
            .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 4242")),
        "nothing the script started outlives the step");
  }

  @Test
  @Order(6)
  void I19_stepsFilesAreLinksToTheHost_writtenInsideTheStageOnly() throws Exception {
    SecretCanary canary = new SecretCanary(work.resolve("host-i19"));
    // An earlier step (or a package) left the step's directory and policy-rc.d as links to the
    // host.
    runInside(
        "ln -s "
            + canary.directory
            + " /.imagesmith-debian && ln -s "
            + canary.directory.resolve("sub/note")
            + " /usr/sbin/policy-rc.d && printf '#!/bin/sh\\nexit 0\\n'"
            + " > /usr/bin/update-alternatives");

    install(base, List.of("bzip2"), false, new RecordingLog(), "i19");

    canary.assertUntouched();
    assertTrue(read(base, "/var/lib/dpkg/status").contains("Package: bzip2\nStatus: install ok"));
    assertTrue(base.stat("/.imagesmith-debian").isEmpty(), "the link was removed, not followed");
    assertEquals(
        canary.directory.resolve("sub/note").toString(),
        link(base, "/usr/sbin/policy-rc.d"),
        "the stage's own policy-rc.d link is the stage's business: kept, never written through");
  }

  static void runInside(String command) throws IOException {
    new RunStepExecutor("unshare")
        .execute(
            new StepSpec.Run(command, Map.of(), "/", "stages/stage[1]/steps/run[1]"),
            new StepContext("base", base, new RecordingLog(), RunIsolation.STAGE, List.of()));
  }

  @Test
  void stageWithoutDpkg_refusedWithTheWaysOut() throws IOException {
    Sandbox empty = Sandbox.create(work.resolve("empty/stages/runtime"));

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> install(empty, List.of("zlib1g"), false, new RecordingLog(), "empty"));

    assertTrue(
        e.getMessage()
            .startsWith(
                "stage 'base', step "
                    + WHERE
                    + " (debian): this stage runs its steps inside itself"
                    + " (<isolation>stage</isolation>), where the stage's own dpkg installs"
                    + " packages"),
        e.getMessage());
    assertTrue(e.getMessage().contains("<essential>true</essential>"));
    assertTrue(e.getMessage().contains("<isolation>host</isolation>"));
    assertTrue(empty.walk("/").size() == 1, "nothing was unpacked");
  }

  static void assertShadowDay(Sandbox sandbox, String user) throws IOException {
    String line =
        read(sandbox, "/etc/shadow")
            .lines()
            .filter(l -> l.startsWith(user + ":"))
            .findFirst()
            .orElseThrow();
    long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
    assertEquals(
        Long.toString(TIMESTAMP_DAY),
        line.split(":")[2],
        "the build timestamp's day, not today's (" + today + ")");
  }

  static String read(Sandbox sandbox, String path) throws IOException {
    return Files.readString(sandbox.resolve(path).hostPath());
  }

  static String link(Sandbox sandbox, String path) throws IOException {
    SandboxEntry entry = sandbox.stat(path).orElseThrow();
    assertTrue(Files.isSymbolicLink(entry.hostPath()), path);
    return entry.linkTarget();
  }

  static String layerDigest(Sandbox sandbox, String name) throws IOException {
    Path blobs = work.resolve(name + "-blobs");
    Files.createDirectories(blobs);
    return new LayerWriter(Compression.GZIP, TIMESTAMP, LowerIndex.empty())
        .write(sandbox, "/", blobs)
        .digest()
        .toString();
  }

  static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }
}
