package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The script the stage's dpkg runs, and what its status-fd tells afterwards. */
class DpkgRunTest {
  static FetchedPackages.Fetched pkg(String name, String preDepends, String... scripts) {
    String control =
        "Package: "
            + name
            + "\nVersion: 1.0-1\nArchitecture: amd64\n"
            + (preDepends == null ? "" : "Pre-Depends: " + preDepends + "\n");
    return new FetchedPackages.Fetched(
        new LockedPackage(name, "1.0-1", "amd64", "0".repeat(64), "pool/" + name + ".deb"),
        Path.of("/cache/" + name + ".deb"),
        new DebFile(control, List.of(scripts), null, null, List.of()));
  }

  static final InstalledPackages STAGE =
      new InstalledPackages(Map.of("libc6", "2.36", "dpkg", "1.21"), Map.of());

  @Test
  void stageWithDpkg_unpackThenConfigure_preDependsWaitForTheirRound() {
    List<FetchedPackages.Fetched> packages =
        List.of(
            pkg("zlib1g", "libc6 (>= 2.14)"),
            pkg("tool", "libthing"),
            pkg("libthing", null),
            pkg("other", "missing-elsewhere | zlib1g"));

    assertEquals(
        List.of(List.of("libthing", "zlib1g"), List.of("other", "tool")),
        DpkgRun.rounds(packages, STAGE).stream()
            .map(round -> round.stream().map(p -> p.locked().name()).toList())
            .toList(),
        "a Pre-Depends on a package of the step waits until it is configured; one already in the"
            + " stage or outside the step does not");
    String script = DpkgRun.script(packages, false, STAGE);
    assertTrue(
        script.endsWith(
            "run --unpack \"$d/libthing_1.0-1_amd64.deb\" \"$d/zlib1g_1.0-1_amd64.deb\"\n"
                + "run --configure --pending\n"
                + "run --unpack \"$d/other_1.0-1_amd64.deb\" \"$d/tool_1.0-1_amd64.deb\"\n"
                + "run --configure --pending\n"),
        script);
    assertTrue(
        script.contains(
            "run() { dpkg --force-unsafe-io --force-confdef --force-confold --status-fd 3 \"$@\""
                + " 3>>\"$d/status-fd\"; }"),
        script);
    assertTrue(script.contains("\nset -e\n"));
  }

  @Test
  void preDependsCycle_lastRoundTakesTheRest() {
    List<List<FetchedPackages.Fetched>> rounds =
        DpkgRun.rounds(List.of(pkg("a", "b"), pkg("b", "a")), STAGE);
    assertEquals(1, rounds.size());
    assertEquals(2, rounds.get(0).size());
  }

  @Test
  void bootstrap_debootstrapsOrder_coreOneByOneThenTheRest() {
    List<FetchedPackages.Fetched> packages =
        List.of(
            pkg("base-files", null),
            pkg("base-passwd", null),
            pkg("coreutils", null),
            pkg("dash", null),
            pkg("dpkg", "tar"),
            pkg("libc6", null));

    String script = DpkgRun.script(packages, true, InstalledPackages.none());

    assertTrue(
        script.endsWith(
            "run --force-depends --install \"$d/base-passwd_1.0-1_amd64.deb\"\n"
                + "run --force-depends --install \"$d/base-files_1.0-1_amd64.deb\"\n"
                + "run --force-depends --install \"$d/dpkg_1.0-1_amd64.deb\"\n"
                + "run --force-depends --install \"$d/libc6_1.0-1_amd64.deb\"\n"
                + "run --force-depends --unpack \"$d/coreutils_1.0-1_amd64.deb\""
                + " \"$d/dash_1.0-1_amd64.deb\"\n"
                + "run --force-depends --force-configure-any --configure --pending\n"),
        script);
  }

  @Test
  void fileName_epochColonEscapedLikeThePool() {
    assertEquals(
        "login_1%3a4.13_amd64.deb",
        DpkgRun.fileName(new LockedPackage("login", "1:4.13", "amd64", "x", "pool/login.deb")));
  }

  @Test
  void environment_noQuestions_cLocale_utc_buildTimestamp() {
    assertEquals(
        Map.of(
            "DEBIAN_FRONTEND", "noninteractive",
            "DEBCONF_NONINTERACTIVE_SEEN", "true",
            "LC_ALL", "C",
            "TZ", "UTC",
            "SOURCE_DATE_EPOCH", "1577836800"),
        DpkgRun.environment(1577836800L));
  }

  @Test
  void readStatus_triggersAndErrors_withoutArchitecture() {
    DpkgRun.Status status =
        DpkgRun.readStatus(
            "processing: install: /.imagesmith-debian/less_590-2_amd64.deb\n"
                + "status: less: half-configured 590-2\n"
                + "status: less : error : installed less package post-installation script"
                + " subprocess returned error exit status 3\n"
                + "processing: trigproc: libc-bin:amd64\n"
                + "processing: trigproc: man-db\n"
                + "status: /.imagesmith-debian/broken_1_amd64.deb : error : cannot access"
                + " archive\n");

    assertEquals(Set.of("libc-bin", "man-db"), status.triggersProcessed());
    assertEquals(
        Map.of(
            "less",
            "installed less package post-installation script subprocess returned error exit"
                + " status 3",
            "broken_1_amd64.deb",
            "cannot access archive"),
        status.errors());
  }

  @Test
  void report_scriptsRun_packagesOfTheStepAndTriggersOfOthers() {
    DebianReport report =
        new DebianReport(
                List.of(
                    new LockedPackage("gcc", "4:12.2.0-3", "amd64", "x", "f"),
                    new LockedPackage("zlib1g", "1:1.2.13", "amd64", "x", "f"),
                    new LockedPackage("data", "1", "all", "x", "f")),
                Map.of(
                    "gcc", List.of("postinst", "prerm"),
                    "zlib1g", List.of("triggers")),
                List.of(),
                List.of(),
                false)
            .ranInStage(Map.of("libc-bin", "2.36-9"));

    assertEquals(
        List.of("gcc=4:12.2.0-3 (postinst)", "libc-bin=2.36-9 (triggers)"), report.scriptsRun());
    assertEquals(List.of(), report.scriptsNotRun(), "nothing left not run");
  }
}
