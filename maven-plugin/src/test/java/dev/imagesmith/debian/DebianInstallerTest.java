package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.testkit.LogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole step on a signed repository on disk (file: URLs), so every failure path is real. */
class DebianInstallerTest {
  @TempDir Path temp;
  private TestRepository repository;
  private Path keyring;
  private Path cache;
  private Path lock;
  private final LogLines log = new LogLines();

  @BeforeEach
  void publish() throws Exception {
    SignedRepository signed = SignedRepository.in(temp);
    keyring = signed.keyring();
    cache = temp.resolve("cache");
    lock = temp.resolve("project/image-debian.lock");
    repository = signed.repository();
    repository
        .add(
            new TestDeb("tool", "1.0-1", "amd64")
                .depends("libthing (>= 2), base-stuff")
                .file("usr/bin/tool", "#!/bin/sh\necho tool\n")
                .file("usr/share/doc/tool/copyright", "free\n")
                .symlink("usr/bin/t", "tool")
                .script("postinst", "#!/bin/sh\nadduser tool\n"))
        .add(new TestDeb("libthing", "1.5", "amd64").file("usr/lib/libthing.so.1", "old"))
        .add(
            new TestDeb("libthing", "2.1", "amd64")
                .provides("libthing-abi")
                .file("usr/lib/libthing.so.2", "new"))
        .add(new TestDeb("base-stuff", "3", "all").essential().file("etc/base", "base\n"))
        .add(
            new TestDeb("daemon", "4.1-2", "amd64")
                .file("usr/sbin/daemond", "daemon")
                .script("triggers", "activate-noawait ldconfig\n")
                .script("postrm", "#!/bin/sh\n")
                .script("postinst", "#!/bin/sh\nupdate-alternatives --install x y z 10\n")
                .script("preinst", "#!/bin/sh\n"))
        .add(new TestDeb("epochal", "1:2.0-1", "amd64").file("usr/lib/epochal", "epoch"))
        .add(
            new TestDeb("removal-only", "1", "all")
                .file("usr/share/removal-only/x", "x")
                .script("prerm", "#!/bin/sh\n")
                .script("postrm", "#!/bin/sh\n"))
        .publish("amd64");
  }

  private DebianRequest request(List<String> packages, boolean offlineIgnored) {
    return new DebianRequest(
        packages,
        repository.uri(),
        TestRepository.SUITE,
        List.of("main"),
        "amd64",
        keyring,
        List.of(),
        false,
        lock,
        "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]");
  }

  private DebianInstaller installer(boolean offline) {
    return new DebianInstaller(cache, offline, temp.resolve("no-etc-apt"), new RepositoryClient());
  }

  private Sandbox sandbox(String name) throws Exception {
    return Sandbox.create(temp.resolve(name));
  }

  @Test
  void install_unpacksDataWritesDpkgDatabaseAndLock() throws Exception {
    Sandbox sandbox = sandbox("stage");
    DebianReport report = installer(false).install(request(List.of("tool"), false), sandbox, log);

    Path root = sandbox.root();
    assertEquals("#!/bin/sh\necho tool\n", Files.readString(root.resolve("usr/bin/tool")));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("usr/bin/t")).toString());
    assertTrue(Files.exists(root.resolve("usr/lib/libthing.so.2")), "newest matching version");
    assertFalse(Files.exists(root.resolve("usr/lib/libthing.so.1")));
    assertFalse(Files.exists(root.resolve("etc/base")), "Essential dependency not followed");
    assertEquals(List.of("base-stuff"), report.skippedEssential());
    assertEquals(Map.of("tool", List.of("postinst")), report.maintainerScripts());
    assertTrue(
        log.warnings().get(0).contains("maintainer scripts and triggers were NOT run"),
        log.warnings().toString());
    assertTrue(log.warnings().get(0).contains("tool=1.0-1 (postinst)"), log.warnings().toString());
    assertEquals(List.of("tool=1.0-1 (postinst)"), report.scriptsNotRun());

    String status = Files.readString(root.resolve("var/lib/dpkg/status"));
    assertTrue(status.startsWith("Package: libthing\nStatus: install ok installed\n"), status);
    assertTrue(
        status.contains("\n\nPackage: tool\nStatus: install ok installed\nVersion: 1.0-1\n"));
    assertTrue(status.contains("Description: test package tool\n More.\n"));
    List<String> list = Files.readAllLines(root.resolve("var/lib/dpkg/info/tool.list"));
    assertEquals(
        List.of(
            "/.",
            "/usr",
            "/usr/bin",
            "/usr/bin/t",
            "/usr/bin/tool",
            "/usr/share",
            "/usr/share/doc",
            "/usr/share/doc/tool",
            "/usr/share/doc/tool/copyright"),
        list);
    assertTrue(Files.exists(root.resolve("var/lib/dpkg/info/tool.md5sums")));

    String lockText = Files.readString(lock);
    assertTrue(
        lockText.contains(
            "\n[amd64 "
                + TestRepository.SUITE
                + " main packages=tool repository="
                + repository.uri()
                + "]\n"),
        lockText);
    assertTrue(lockText.contains("\ntool 1.0-1 amd64 "), lockText);
    assertTrue(lockText.contains("\nlibthing 2.1 amd64 "), lockText);
  }

  @Test
  void install_scriptsNotRun_sortedByNameInstallTimeScriptsInDpkgOrder() throws Exception {
    DebianReport report =
        installer(false)
            .install(
                request(List.of("tool", "removal-only", "daemon"), false), sandbox("stage"), log);

    // prerm and postrm are not listed: dpkg would not run them on a first installation either.
    assertEquals(
        List.of("daemon=4.1-2 (preinst, postinst, triggers)", "tool=1.0-1 (postinst)"),
        report.scriptsNotRun());
    assertEquals(
        List.of("postinst", "postrm", "preinst", "triggers"),
        report.maintainerScripts().get("daemon"));
  }

  @Test
  void install_poolFileWithAnEscapedEpoch_isFetchedByItsLiteralName() throws Exception {
    // The pool file is named epochal_1%3a2.0-1_amd64.deb: the '%' is part of the name, not a URL
    // escape, so the request must ask for %253a (or the file URL would name epochal_1:2.0-1).
    Sandbox sandbox = sandbox("stage");
    installer(false).install(request(List.of("epochal"), false), sandbox, log);
    assertEquals("epoch", Files.readString(sandbox.root().resolve("usr/lib/epochal")));
    assertTrue(Files.readString(lock).contains("epochal_1%3a2.0-1_amd64.deb"));
    // And again from the lock alone.
    Sandbox again = sandbox("again");
    installer(false).install(request(List.of("epochal"), false), again, log);
    assertEquals("epoch", Files.readString(again.root().resolve("usr/lib/epochal")));
  }

  @Test
  void install_secondTime_honoursLockWithoutTheIndex() throws Exception {
    installer(false).install(request(List.of("tool"), false), sandbox("first"), log);
    // The repository moves on: a new libthing and a broken index. The lock still rules.
    Files.delete(repository.index("amd64"));
    Files.delete(repository.inRelease());

    Sandbox sandbox = sandbox("second");
    DebianReport report = installer(false).install(request(List.of("tool"), false), sandbox, log);
    assertTrue(report.fromLock());
    assertTrue(Files.exists(sandbox.root().resolve("usr/lib/libthing.so.2")));
  }

  @Test
  void install_offline_fromCacheAndLock() throws Exception {
    installer(false).install(request(List.of("tool"), false), sandbox("online"), log);
    deleteTree(repository.uri());
    Sandbox sandbox = sandbox("offline");
    installer(true).install(request(List.of("tool"), false), sandbox, log);
    assertTrue(Files.exists(sandbox.root().resolve("usr/bin/tool")));
  }

  @Test
  void install_sameInputs_sameDatabaseBytes() throws Exception {
    Sandbox a = sandbox("a");
    installer(false).install(request(List.of("tool"), false), a, log);
    Sandbox b = sandbox("b");
    installer(false).install(request(List.of("tool"), false), b, log);
    assertEquals(
        Files.readString(a.root().resolve("var/lib/dpkg/status")),
        Files.readString(b.root().resolve("var/lib/dpkg/status")));
  }

  @Test
  void install_packagesAlreadyInTheStage_areSkippedAndStatusKept() throws Exception {
    Sandbox sandbox = sandbox("stage");
    Path dpkg = Files.createDirectories(sandbox.root().resolve("var/lib/dpkg"));
    Files.writeString(
        dpkg.resolve("status"),
        "Package: libthing\nStatus: install ok installed\nVersion: 2.5\nArchitecture: amd64\n\n"
            + "Package: zlib1g\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n");
    DebianReport report = installer(false).install(request(List.of("tool"), false), sandbox, log);
    assertEquals(List.of("tool"), report.installed().stream().map(LockedPackage::name).toList());
    assertEquals(List.of("libthing"), report.alreadyInstalled());
    assertFalse(Files.exists(sandbox.root().resolve("usr/lib/libthing.so.2")), "2.5 satisfies");
    assertFalse(Files.readString(lock).contains("\nlibthing "), Files.readString(lock));
    String status = Files.readString(dpkg.resolve("status"));
    assertTrue(status.contains("Package: zlib1g\n"), status);
    assertTrue(status.contains("Version: 2.5\n"), status);
  }

  /** A stage whose dpkg status has libthing 1.5 (from its base or an earlier step), with files. */
  private Sandbox stageWithOldLibthing() throws Exception {
    Sandbox sandbox = sandbox("stage");
    Path root = sandbox.root();
    Path dpkg = Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    Files.writeString(
        root.resolve("var/lib/dpkg/status"),
        "Package: libthing\nStatus: install ok installed\nVersion: 1.5\nArchitecture: amd64\n");
    Files.writeString(
        dpkg.resolve("libthing.list"), "/.\n/usr\n/usr/lib\n/usr/lib/libthing.so.1\n");
    Files.createDirectories(root.resolve("usr/lib"));
    Files.writeString(root.resolve("usr/lib/libthing.so.1"), "old");
    return sandbox;
  }

  @Test
  void install_installedDependencyTooOld_oneErrorNothingUnpackedNoLock() throws Exception {
    // Before: libthing 2.1 was resolved, then skipped as installed; the stage kept 1.5, the status
    // listed tool with 'Depends: libthing (>= 2)' beside libthing 1.5, the lock claimed 2.1.
    Sandbox sandbox = stageWithOldLibthing();
    Path root = sandbox.root();
    String statusBefore = Files.readString(root.resolve("var/lib/dpkg/status"));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox, log));
    assertEquals(
        "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1] ("
            + repository.uri()
            + " "
            + TestRepository.SUITE
            + " main): tool 1.0-1 needs 'libthing (>= 2)': the stage has libthing 1.5 (in its dpkg"
            + " status, from <from> or an earlier step), which does not satisfy it, and a debian"
            + " step never upgrades or replaces an installed package. To fix: list tool in the"
            + " <packages> of the step that installs libthing, so that one resolution picks"
            + " versions that fit together; or build on a <from> image whose libthing satisfies"
            + " 'libthing (>= 2)'; or pick a <suite> whose tool works with libthing 1.5",
        e.getMessage());
    assertFalse(Files.exists(root.resolve("usr/bin/tool")));
    assertFalse(Files.exists(root.resolve("usr/lib/libthing.so.2")));
    assertEquals("old", Files.readString(root.resolve("usr/lib/libthing.so.1")));
    assertEquals(statusBefore, Files.readString(root.resolve("var/lib/dpkg/status")));
    assertFalse(Files.exists(root.resolve("var/lib/dpkg/info/tool.list")));
    assertFalse(Files.exists(lock));
  }

  @Test
  void install_lockPinsAnotherVersionThanTheStageHas_oneErrorNothingUnpacked() throws Exception {
    installer(false).install(request(List.of("tool"), false), sandbox("fresh"), log);
    String lockBefore = Files.readString(lock);
    Sandbox sandbox = stageWithOldLibthing();
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox, log));
    assertTrue(
        e.getMessage()
            .contains(
                lock
                    + " [amd64 "
                    + TestRepository.SUITE
                    + " main packages=tool repository="
                    + repository.uri()
                    + "] pins libthing 2.1, but the stage already has libthing 1.5 in its dpkg"
                    + " status (from <from> or an earlier step), and a debian step never upgrades"
                    + " or replaces an installed package; the lock was resolved for a stage without"
                    + " it. To fix: delete that section (or the file)"),
        e.getMessage());
    assertFalse(Files.exists(sandbox.root().resolve("usr/bin/tool")));
    assertFalse(Files.exists(sandbox.root().resolve("usr/lib/libthing.so.2")));
    assertFalse(Files.exists(sandbox.root().resolve("var/lib/dpkg/info/tool.list")));
    assertEquals(lockBefore, Files.readString(lock));
  }

  @Test
  void install_listedPackageOlderInTheStage_isKeptAndLogged() throws Exception {
    Sandbox sandbox = stageWithOldLibthing();
    Path root = sandbox.root();
    String statusBefore = Files.readString(root.resolve("var/lib/dpkg/status"));
    DebianReport report =
        installer(false).install(request(List.of("libthing"), false), sandbox, log);
    assertEquals(List.of(), report.installed());
    assertEquals(List.of("libthing"), report.alreadyInstalled());
    assertTrue(
        log.infos()
            .contains(
                "  libthing 1.5 is kept from the stage's dpkg status although the repository has 2.1:"
                    + " a debian step never upgrades an installed package"),
        log.infos().toString());
    assertFalse(Files.exists(root.resolve("usr/lib/libthing.so.2")));
    assertEquals(statusBefore, Files.readString(root.resolve("var/lib/dpkg/status")));
    assertFalse(Files.readString(lock).contains("\nlibthing "), "nothing to pin");
  }

  @Test
  void install_tamperedDeb_namesFileExpectedAndActual() throws Exception {
    TestDeb tool = new TestDeb("tool", "1.0-1", "amd64");
    Path file = repository.poolFile(tool);
    String expected = Digest.ofBytes(Files.readAllBytes(file)).encoded();
    Files.write(file, "evil".getBytes(StandardCharsets.UTF_8));
    String actual = Digest.ofBytes("evil".getBytes(StandardCharsets.UTF_8)).encoded();

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(e.getMessage().contains(TestRepository.poolPath(tool)), e.getMessage());
    assertTrue(e.getMessage().contains("has sha256 " + actual), e.getMessage());
    assertTrue(e.getMessage().contains("expects " + expected), e.getMessage());
    assertFalse(Files.exists(cache.resolve("debian/sha256/" + actual)), "nothing cached");
  }

  @Test
  void install_tamperedIndex_isRefusedByTheSignedHash() throws Exception {
    Files.write(repository.index("amd64"), TestRepository.gzip("Package: evil\n".getBytes()));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(e.getMessage().contains("Packages.gz has sha256 "), e.getMessage());
    assertTrue(e.getMessage().contains("the signed Release of " + TestRepository.SUITE));
    assertFalse(Files.exists(lock), "no lock from a failed resolution");
  }

  @Test
  void install_badSignature_stopsBeforeAnyIndex() throws Exception {
    String text = Files.readString(repository.inRelease());
    Files.writeString(repository.inRelease(), text.replace("Origin: Test", "Origin: Evil"));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(e.getMessage().contains("InRelease: the OpenPGP signature by key"), e.getMessage());
    assertTrue(e.getMessage().contains("BAD signature"));
  }

  @Test
  void install_lockedShaMismatch_namesTheLockFile() throws Exception {
    installer(false).install(request(List.of("tool"), false), sandbox("first"), log);
    Files.walk(cache.resolve("debian/sha256"))
        .filter(Files::isRegularFile)
        .forEach(p -> p.toFile().delete());
    Files.write(repository.poolFile(new TestDeb("tool", "1.0-1", "amd64")), "x".getBytes());
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(e.getMessage().contains("but " + lock + " expects"), e.getMessage());
  }

  /**
   * Debian's archive drops superseded versions: a committed lock from last month names pool files
   * the repository no longer has. The message says so and how to go on, not "check the suite".
   */
  @Test
  void install_lockedFileGoneFromTheRepository_saysTheLockPinsIt_andHowToGoOn() throws Exception {
    installer(false).install(request(List.of("tool"), false), sandbox("first"), log);
    deleteTree(cache.toUri());
    Files.delete(repository.poolFile(new TestDeb("libthing", "2.1", "amd64")));
    Sandbox sandbox = sandbox("again");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox, log));

    assertTrue(e.getMessage().startsWith("<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]: "));
    assertTrue(
        e.getMessage()
            .contains(
                "libthing_2.1_amd64.deb does not exist, although "
                    + lock
                    + " lists it; the lock pins a version this repository no longer serves"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("https://snapshot.debian.org/archive/debian/YYYYMMDDT000000Z/"));
    assertTrue(e.getMessage().contains("delete the lock's section for this step"));
    assertFalse(Files.exists(sandbox.root().resolve("usr/bin/tool")), "nothing unpacked");
  }

  /** A mirror between syncs: its signed index lists a file it does not serve yet (or any more). */
  @Test
  void install_indexListsAFileTheRepositoryLacks_saysTheMirrorIsMidUpdate() throws Exception {
    Files.delete(repository.poolFile(new TestDeb("libthing", "2.1", "amd64")));

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));

    assertTrue(
        e.getMessage()
            .contains(
                "libthing_2.1_amd64.deb does not exist, although the"
                    + " signed Packages index lists it; the repository is part-way through an update"),
        e.getMessage());
  }

  @Test
  void install_unknownPackage_oneClearError() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("nope"), false), sandbox("s"), log));
    assertTrue(
        e.getMessage()
            .startsWith(
                "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1] ("
                    + repository.uri()
                    + " "
                    + TestRepository.SUITE
                    + " main): package 'nope' is not in the repository"),
        e.getMessage());
  }

  @Test
  void install_unsatisfiableDependency_oneClearError() throws Exception {
    repository
        .add(new TestDeb("needy", "1", "amd64").depends("libthing (>= 3) | ghost"))
        .publish("amd64");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("needy"), false), sandbox("s"), log));
    assertTrue(
        e.getMessage()
            .contains(
                "cannot satisfy the dependency 'libthing (>= 3) | ghost' of needy 1: the"
                    + " repository has libthing 2.1, 1.5; ghost is not in the repository."),
        e.getMessage());
    assertFalse(Files.exists(lock));
  }

  @Test
  void install_conflictingPackages_oneErrorNothingUnpackedNoLock() throws Exception {
    repository.add(new TestDeb("rival", "1", "amd64").field("Conflicts", "tool")).publish("amd64");
    Sandbox sandbox = sandbox("s");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool", "rival"), false), sandbox, log));
    assertTrue(
        e.getMessage()
            .startsWith(
                "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1] ("
                    + repository.uri()
                    + " "
                    + TestRepository.SUITE
                    + " main): rival 1 and tool 1.0-1 cannot be installed together: rival has"
                    + " 'Conflicts: tool'."),
        e.getMessage());
    assertFalse(Files.exists(sandbox.root().resolve("usr/bin/tool")));
    assertFalse(Files.exists(lock));
  }

  @Test
  void install_breaksAndReplacesAnOlderVersion_isInstalled() throws Exception {
    repository
        .add(
            new TestDeb("libthing-tools", "2.1", "amd64")
                .field("Breaks", "libthing (<< 2)")
                .field("Replaces", "libthing (<< 2)")
                .file("usr/bin/thing", "thing\n"))
        .publish("amd64");
    Sandbox sandbox = sandbox("s");
    DebianReport report =
        installer(false).install(request(List.of("tool", "libthing-tools"), false), sandbox, log);
    assertEquals(
        List.of("libthing", "libthing-tools", "tool"),
        report.installed().stream().map(LockedPackage::name).toList());
    String status = Files.readString(sandbox.root().resolve("var/lib/dpkg/status"));
    assertTrue(status.contains("Breaks: libthing (<< 2)\n"), status);
  }

  @Test
  void install_stagePackageConflictsWithADependency_oneErrorNamingTheStage() throws Exception {
    Sandbox sandbox = sandbox("stage");
    Path dpkg = Files.createDirectories(sandbox.root().resolve("var/lib/dpkg"));
    Files.writeString(
        dpkg.resolve("status"),
        "Package: old-thing\nStatus: install ok installed\nVersion: 0.9\nArchitecture: amd64\n"
            + "Conflicts: libthing-abi\n");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox, log));
    assertTrue(
        e.getMessage()
            .contains(
                ": libthing 2.1 and old-thing 0.9 cannot be installed together: old-thing has"
                    + " 'Conflicts: libthing-abi' in the stage's dpkg status. libthing 2.1 is"
                    + " needed by tool; old-thing 0.9 is in the stage's dpkg status. To fix:"
                    + " build the stage without old-thing"),
        e.getMessage());
    assertFalse(Files.exists(sandbox.root().resolve("usr/bin/tool")));
  }

  /** A Release date {@code offset} from now, as archives write it. */
  private static String releaseDate(java.time.Duration offset) {
    return java.time.format.DateTimeFormatter.ofPattern(
            "EEE, dd MMM yyyy HH:mm:ss 'UTC'", java.util.Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC)
        .format(java.time.Instant.now().plus(offset));
  }

  @Test
  void install_expiredValidUntil_isRefusedButTheLockStillBuilds() throws Exception {
    // An attacker replays the index, validly signed a while ago, with a Valid-Until long past.
    repository
        .releaseFields(
            "Date: "
                + releaseDate(java.time.Duration.ofDays(-10))
                + "\nValid-Until: "
                + releaseDate(java.time.Duration.ofDays(-3))
                + "\n")
        .publish("amd64");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(
        e.getMessage()
            .startsWith(
                "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]: "
                    + repository.uri()
                    + "dists/"
                    + TestRepository.SUITE
                    + "/InRelease: the signed Release expired on "),
        e.getMessage());
    assertTrue(e.getMessage().contains("image-debian.lock, which does not read the index"));
    assertFalse(Files.exists(lock), "no lock from a refused index");

    // A build from a lock written while the index was valid does not read the index at all.
    repository.releaseFields("").publish("amd64");
    installer(false).install(request(List.of("tool"), false), sandbox("locked"), log);
    repository
        .releaseFields("Valid-Until: " + releaseDate(java.time.Duration.ofDays(-3)) + "\n")
        .publish("amd64");
    Sandbox sandbox = sandbox("from-lock");
    assertTrue(installer(false).install(request(List.of("tool"), false), sandbox, log).fromLock());
    assertTrue(Files.exists(sandbox.root().resolve("usr/bin/tool")));
  }

  @Test
  void install_validUntilAhead_andDateWithinSkew_areAccepted() throws Exception {
    repository
        .releaseFields(
            "Date: "
                + releaseDate(java.time.Duration.ofMinutes(2))
                + "\nValid-Until: "
                + releaseDate(java.time.Duration.ofDays(7))
                + "\n")
        .publish("amd64");
    installer(false).install(request(List.of("tool"), false), sandbox("s"), log);
    assertTrue(Files.exists(lock));
  }

  @Test
  void install_releaseDatedInTheFuture_isNotValidYet() throws Exception {
    repository
        .releaseFields("Date: " + releaseDate(java.time.Duration.ofDays(2)) + "\n")
        .publish("amd64");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(
        e.getMessage().contains("InRelease: the signed Release is not valid yet"), e.getMessage());
    assertFalse(
        Files.exists(cache.resolve("debian/inrelease")), "a refused InRelease is not cached");
  }

  @Test
  void install_offlineWithoutCache_saysBuildOnline() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(true).install(request(List.of("tool"), false), sandbox("s"), log));
    assertTrue(e.getMessage().contains("Maven is offline"), e.getMessage());
  }

  @Test
  void G1_sha1SignedRepository_refusedBeforeAnythingIsInstalled() throws Exception {
    repository
        .signature(TestSignature.now().hash(org.bouncycastle.bcpg.HashAlgorithmTags.SHA1))
        .publish("amd64");
    Sandbox sandbox = sandbox("s");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> installer(false).install(request(List.of("tool"), false), sandbox, log));
    assertTrue(
        e.getMessage().contains("untrusted digest algorithm: SHA1")
            && e.getMessage().contains("/dists/" + TestRepository.SUITE + "/InRelease"),
        e.getMessage());
    assertFalse(Files.exists(sandbox.root().resolve("usr")), "nothing unpacked");
    assertFalse(Files.exists(lock));
    assertFalse(Files.exists(cache.resolve("debian/inrelease")), "not cached for offline use");
  }

  @Test
  void G14_brainpoolSignedRepository_installsWithAptsWeakAlgorithmWarning() throws Exception {
    TestKey brainpool =
        TestKey.builder().algorithm(TestKeyMaterial.Algorithm.BRAINPOOL_P256).build();
    keyring = brainpool.writeKeyring(temp.resolve("brainpool.gpg"));
    repository = new TestRepository(temp.resolve("brainpool-repo"), brainpool);
    repository.add(new TestDeb("solo", "1", "all").file("usr/share/solo", "solo")).publish("amd64");
    installer(false).install(request(List.of("solo"), false), sandbox("s"), log);
    assertTrue(
        log.warnings().stream().anyMatch(w -> w.contains("uses weak algorithm (brainpoolP256r1)")),
        log.warnings().toString());
  }

  private static void deleteTree(java.net.URI uri) throws Exception {
    dev.imagesmith.io.HostFiles.deleteTree(Path.of(uri));
  }
}
