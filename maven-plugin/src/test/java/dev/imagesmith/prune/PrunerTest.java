package dev.imagesmith.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.plan.PruneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule family on a realistic tree; byte counts are exact sums of the files written. */
class PrunerTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(temp.resolve("stage"));
  }

  private Path file(String imagePath, int size) throws IOException {
    Path host = sandbox.hostPath(imagePath);
    Files.createDirectories(host.getParent());
    return Files.write(host, new byte[size]);
  }

  private void link(String imagePath, String target) throws IOException {
    Path host = sandbox.hostPath(imagePath);
    Files.createDirectories(host.getParent());
    Files.createSymbolicLink(host, Path.of(target));
  }

  private void directory(String imagePath) throws IOException {
    Files.createDirectories(sandbox.hostPath(imagePath));
  }

  private boolean exists(String imagePath) {
    return Files.exists(sandbox.hostPath(imagePath), LinkOption.NOFOLLOW_LINKS);
  }

  private static PruneSpec only(boolean staticLibraries, boolean caches, boolean docs) {
    return new PruneSpec(staticLibraries, caches, docs, List.of());
  }

  private PruneReport prune(PruneSpec spec) throws IOException {
    return Pruner.prune(sandbox, spec, "stages/stage[1]/prune");
  }

  @Test
  void staticLibraries_removesArchivesAndLibtoolFilesKeepsSharedObjects() throws IOException {
    file("/usr/local/lib/libfoo.a", 1000);
    file("/usr/local/lib/libfoo.la", 300);
    file("/usr/local/lib/libfoo.so.1.2.3", 5000);
    link("/usr/local/lib/libfoo.so.1", "libfoo.so.1.2.3");
    link("/usr/local/lib/libfoo.so", "libfoo.so.1");
    link("/usr/local/lib/libfoo-static.a", "libfoo.a"); // a link is removed as a link
    file("/usr/local/bin/foo", 700);

    PruneReport report = prune(only(true, false, false));

    RuleSavings rule = report.rule("static libraries");
    assertEquals(
        List.of(
            "**/*.a (files and links only; directories kept)",
            "**/*.la (files and" + " links only; directories kept)"),
        PruneRules.of(only(true, false, false), "x").get(0).patternTexts());
    assertEquals(
        List.of(
            "/usr/local/lib/libfoo-static.a",
            "/usr/local/lib/libfoo.a",
            "/usr/local/lib/libfoo.la"),
        report.removed("static libraries"));
    assertEquals(3, rule.filesRemoved());
    assertEquals(1000 + 300, rule.bytesSaved());
    assertEquals(1300, report.bytesSaved());
    assertTrue(exists("/usr/local/lib/libfoo.so.1.2.3"));
    assertTrue(exists("/usr/local/lib/libfoo.so.1"));
    assertTrue(exists("/usr/local/lib/libfoo.so"));
    assertTrue(exists("/usr/local/bin/foo"));
  }

  @Test
  void docs_removesManDocInfoTrees() throws IOException {
    file("/usr/local/share/man/man1/x.1", 200);
    file("/usr/local/share/man/man3/x.3", 250);
    file("/usr/share/doc/libfoo/copyright", 150);
    file("/usr/share/doc/libfoo/changelog.gz", 90);
    file("/usr/share/info/foo.info", 60);
    file("/usr/share/gtk-doc/html/index.html", 40);
    file("/usr/share/locale/de/foo.mo", 33);
    file("/opt/app/doc/manual.txt", 10); // not under share/

    PruneReport report = prune(only(false, false, true));

    RuleSavings docs = report.rule("docs");
    assertEquals(
        List.of("/usr/local/share/man", "/usr/share/doc", "/usr/share/gtk-doc", "/usr/share/info"),
        report.removed("docs"));
    assertEquals(6, docs.filesRemoved());
    assertEquals(200 + 250 + 150 + 90 + 60 + 40, docs.bytesSaved());
    assertFalse(exists("/usr/share/doc"));
    assertTrue(exists("/usr/share/locale/de/foo.mo"));
    assertTrue(exists("/opt/app/doc/manual.txt"));
  }

  @Test
  void packageCaches_conda_removesPkgsBesideCondaMetaAndInfoDirectories() throws IOException {
    file("/opt/conda/conda-meta/numpy-1.26.json", 50);
    file("/opt/conda/pkgs/numpy-1.26/info/index.json", 80);
    file("/opt/conda/pkgs/numpy-1.26/lib/libnpy.so", 900);
    file("/opt/conda/pkgs/numpy-1.26.conda", 2000);
    file("/opt/conda/lib/python3.11/site-packages/numpy/core.so", 3000);
    // A directory called pkgs that is not a conda cache stays; only its */info goes.
    file("/srv/web/pkgs/widget/index.js", 70);
    file("/srv/web/pkgs/widget/info/meta.json", 30);

    PruneReport report = prune(only(false, true, false));

    RuleSavings conda = report.rule("conda package cache");
    assertEquals(
        List.of("/opt/conda/pkgs", "/srv/web/pkgs/widget/info"),
        report.removed("conda package cache"));
    assertEquals(4, conda.filesRemoved());
    assertEquals(80 + 900 + 2000 + 30, conda.bytesSaved());
    assertTrue(exists("/opt/conda/conda-meta/numpy-1.26.json"));
    assertTrue(exists("/opt/conda/lib/python3.11/site-packages/numpy/core.so"));
    assertTrue(exists("/srv/web/pkgs/widget/index.js"));
  }

  @Test
  void packageCaches_apt_removesListsKeepingDirectoriesAndArchives() throws IOException {
    file("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", 400);
    file("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages", 900);
    file("/var/lib/apt/lists/lock", 0);
    file("/var/lib/apt/lists/partial/half", 10);
    file("/var/lib/apt/extended_states", 20);
    file("/var/cache/apt/archives/curl_7.88_amd64.deb", 600);
    file("/var/cache/apt/archives/lock", 0);
    directory("/var/cache/apt/archives/partial");
    file("/var/cache/apt/pkgcache.bin", 700);
    file("/var/cache/apt/srcpkgcache.bin", 300);

    PruneReport report = prune(only(false, true, false));

    RuleSavings lists = report.rule("apt package lists");
    assertEquals(4, lists.filesRemoved());
    assertEquals(400 + 900 + 10, lists.bytesSaved());
    assertTrue(Files.isDirectory(sandbox.hostPath("/var/lib/apt/lists/partial")));
    assertTrue(exists("/var/lib/apt/extended_states"));
    RuleSavings archives = report.rule("apt package archives");
    assertEquals(
        List.of(
            "/var/cache/apt/archives/curl_7.88_amd64.deb",
            "/var/cache/apt/pkgcache.bin",
            "/var/cache/apt/srcpkgcache.bin"),
        report.removed("apt package archives"));
    assertEquals(600 + 700 + 300, archives.bytesSaved());
    assertTrue(exists("/var/cache/apt/archives/lock"));
    assertTrue(exists("/var/cache/apt/archives/partial"));
  }

  @Test
  void packageCaches_pipNpmYarn_removed() throws IOException {
    file("/root/.cache/pip/http/a/b/c", 500);
    file("/root/.cache/pip/selfcheck.json", 5);
    file("/home/app/.npm/_cacache/index-v5/ab/cd", 300);
    file("/home/app/.npm/_logs/2026-debug-0.log", 20);
    file("/home/app/.npm/_update-notifier-last-checked", 1);
    file("/home/app/.cache/yarn/v6/npm-left-pad/index.js", 111);
    file("/usr/local/share/.yarn-cache/x", 9);
    file("/root/.cache/other/keep", 8);
    file("/app/__pycache__/main.cpython-311.pyc", 77); // the user's business, not a package cache

    PruneReport report = prune(only(false, true, false));

    assertEquals(List.of("/root/.cache/pip"), report.removed("pip cache"));
    assertEquals(505, report.rule("pip cache").bytesSaved());
    assertEquals(320, report.rule("npm cache").bytesSaved());
    assertEquals(120, report.rule("yarn cache").bytesSaved());
    assertEquals(505 + 320 + 120, report.bytesSaved());
    assertEquals(6, report.filesRemoved());
    assertTrue(exists("/home/app/.npm/_update-notifier-last-checked"));
    assertTrue(exists("/root/.cache/other/keep"));
    assertTrue(exists("/app/__pycache__/main.cpython-311.pyc"));
  }

  @Test
  void excludes_userGlobs_eachAReportedRule() throws IOException {
    file("/app/main.py", 10);
    file("/app/__pycache__/main.cpython-311.pyc", 77);
    file("/app/lib/__pycache__/util.cpython-311.pyc", 33);
    file("/app/tests/test_main.py", 44);
    file("/notes.txt", 5);
    file("/app/notes.txt", 6);

    PruneReport report =
        prune(
            new PruneSpec(
                false, false, false, List.of("**/*.pyc", "app/tests", "*.txt", "**/none")));

    assertEquals(
        List.of("exclude **/*.pyc", "exclude app/tests", "exclude *.txt", "exclude **/none"),
        report.rules().stream().map(RuleSavings::rule).toList());
    assertEquals(110, report.rule("exclude **/*.pyc").bytesSaved());
    assertEquals(List.of("/app/tests"), report.removed("exclude app/tests"));
    assertEquals(List.of("/notes.txt"), report.removed("exclude *.txt"));
    assertEquals(0, report.rule("exclude **/none").filesRemoved());
    assertEquals(77 + 33 + 44 + 5, report.bytesSaved());
    assertTrue(exists("/app/notes.txt"));
    assertTrue(exists("/app/__pycache__"), "only the .pyc files matched");
    assertTrue(exists("/app/main.py"));
  }

  @Test
  void prune_symlinkedDirectory_notDescended() throws IOException {
    file("/usr/local/lib/libfoo.a", 1000);
    link("/usr/local/lib64", "lib");
    link("/usr/local/share/doc-link", "../lib");

    PruneReport report =
        prune(new PruneSpec(true, false, false, List.of("usr/local/lib64/*", "**/doc-link/*")));

    assertEquals(List.of("/usr/local/lib/libfoo.a"), report.removed("static libraries"));
    assertEquals(0, report.rule("exclude usr/local/lib64/*").filesRemoved());
    assertEquals(0, report.rule("exclude **/doc-link/*").filesRemoved());
    assertTrue(Files.isSymbolicLink(sandbox.hostPath("/usr/local/lib64")));
  }

  @Test
  void prune_matchedSymlink_removesLinkNotTarget() throws IOException {
    file("/usr/local/share/man/man1/x.1", 200);
    link("/manpages", "/usr/local/share/man");

    PruneReport report = prune(new PruneSpec(false, false, false, List.of("manpages")));

    assertFalse(exists("/manpages"));
    assertTrue(exists("/usr/local/share/man/man1/x.1"));
    assertEquals(1, report.filesRemoved());
    assertEquals(0, report.bytesSaved(), "a symlink's target bytes are not saved");
  }

  @Test
  void prune_hardlinks_bytesSavedOnlyWhenLastNameGoes() throws IOException {
    Path kept = file("/usr/lib/libbar.a", 4000);
    directory("/opt");
    Files.createLink(sandbox.hostPath("/opt/keep.bin"), kept);
    Path twice = file("/build/x.a", 2500);
    Files.createLink(sandbox.hostPath("/build/y.a"), twice);

    PruneReport report = prune(only(true, false, false));

    RuleSavings rule = report.rule("static libraries");
    assertEquals(
        List.of("/build/x.a", "/build/y.a", "/usr/lib/libbar.a"),
        report.removed("static libraries"));
    assertEquals(3, rule.filesRemoved());
    assertEquals(2500, rule.bytesSaved(), "x.a/y.a once; libbar.a survives as /opt/keep.bin");
    assertTrue(exists("/opt/keep.bin"));
  }

  @Test
  void prune_hardlinkAcrossRules_creditedToTheRuleRemovingTheLastName() throws IOException {
    Path doc = file("/usr/share/doc/big.pdf", 9000);
    Files.createLink(sandbox.hostPath("/usr/share/big.pdf"), doc);

    PruneReport report = prune(new PruneSpec(false, false, true, List.of("usr/share/*.pdf")));

    // Walk order: /usr/share/big.pdf goes first, /usr/share/doc/big.pdf is the last name.
    assertEquals(0, report.rule("exclude usr/share/*.pdf").bytesSaved());
    assertEquals(9000, report.rule("docs").bytesSaved());
    assertEquals(9000, report.bytesSaved());
    assertEquals(2, report.filesRemoved());
  }

  @Test
  void prune_defaults_realisticPrefix_totalsAddUp() throws IOException {
    file("/install/lib/libfoo.a", 1000);
    file("/install/lib/libfoo.la", 300);
    file("/install/lib/libfoo.so.1.0", 5000);
    link("/install/lib/libfoo.so", "libfoo.so.1.0");
    file("/install/share/man/man1/foo.1", 200);
    file("/install/share/doc/foo/README", 150);
    file("/install/bin/foo", 700);

    PruneReport report = prune(PruneSpec.defaults());

    assertEquals(1300 + 350, report.bytesSaved());
    assertEquals(4, report.filesRemoved());
    assertEquals(
        report.bytesSaved(), report.rules().stream().mapToLong(RuleSavings::bytesSaved).sum());
    assertEquals(
        List.of(
            "/",
            "/install",
            "/install/bin",
            "/install/bin/foo",
            "/install/lib",
            "/install/lib/libfoo.so",
            "/install/lib/libfoo.so.1.0",
            "/install/share"),
        sandbox.walk("/").stream().map(e -> e.path()).toList());
  }
}
