package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private static final String PACKAGES =
      """
      Package: app
      Version: 1.0
      Architecture: amd64
      Depends: libc6 (>= 2.34), libssl3 | libssl1.1, mail-transport-agent, coreutils
      Pre-Depends: dpkg (>= 1.17)
      Filename: pool/main/a/app/app_1.0_amd64.deb
      Size: 10
      SHA256: %1$s

      Package: libc6
      Version: 2.36-9
      Architecture: amd64
      Multi-Arch: same
      Depends: libgcc-s1
      Filename: pool/main/g/glibc/libc6_2.36-9_amd64.deb
      SHA256: %1$s

      Package: libc6
      Version: 2.31-13
      Architecture: amd64
      Filename: pool/main/g/glibc/libc6_2.31-13_amd64.deb
      SHA256: %1$s

      Package: libgcc-s1
      Version: 12.2.0-14
      Architecture: amd64
      Depends: gcc-12-base (= 12.2.0-14), libc6 (>= 2.35)
      Filename: pool/main/g/gcc-12/libgcc-s1_12.2.0-14_amd64.deb
      SHA256: %1$s

      Package: gcc-12-base
      Version: 12.2.0-14
      Architecture: amd64
      Filename: pool/main/g/gcc-12/gcc-12-base_12.2.0-14_amd64.deb
      SHA256: %1$s

      Package: libssl1.1
      Version: 1.1.1n-0
      Architecture: amd64
      Filename: pool/main/o/openssl/libssl1.1_1.1.1n-0_amd64.deb
      SHA256: %1$s

      Package: postfix
      Version: 3.7
      Architecture: amd64
      Provides: mail-transport-agent
      Filename: pool/main/p/postfix/postfix_3.7_amd64.deb
      SHA256: %1$s

      Package: exim4
      Version: 4.96
      Architecture: amd64
      Provides: mail-transport-agent
      Filename: pool/main/e/exim4/exim4_4.96_amd64.deb
      SHA256: %1$s

      Package: coreutils
      Version: 9.1-1
      Architecture: amd64
      Essential: yes
      Filename: pool/main/c/coreutils/coreutils_9.1-1_amd64.deb
      SHA256: %1$s

      Package: dpkg
      Version: 1.21.22
      Architecture: amd64
      Essential: yes
      Filename: pool/main/d/dpkg/dpkg_1.21.22_amd64.deb
      SHA256: %1$s

      Package: armonly
      Version: 1
      Architecture: arm64
      Filename: pool/main/a/armonly/armonly_1_arm64.deb
      SHA256: %1$s

      Package: needs-new-libc
      Version: 1
      Architecture: all
      Depends: libc6 (>= 2.40)
      Filename: pool/main/n/needs/needs-new-libc_1_all.deb
      SHA256: %1$s
      """
          .formatted("a".repeat(64));

  private static PackageIndex index() throws Exception {
    PackageIndex index = new PackageIndex("amd64");
    index.add(new BufferedReader(new StringReader(PACKAGES)), "test Packages");
    return index;
  }

  private static List<String> names(Resolution resolution) {
    return resolution.packages().stream().map(p -> p.name() + "=" + p.version()).toList();
  }

  @Test
  void resolve_followsDependsTransitively() throws Exception {
    Resolution r =
        new Resolver(index(), InstalledPackages.none(), Set.of(), false)
            .resolve(List.of("libc6"), "step");
    assertEquals(List.of("gcc-12-base=12.2.0-14", "libc6=2.36-9", "libgcc-s1=12.2.0-14"), names(r));
  }

  @Test
  void resolve_alternativesVirtualsAndEssentialSkipped() throws Exception {
    Resolution r =
        new Resolver(index(), InstalledPackages.none(), Set.of(), false)
            .resolve(List.of("app"), "step");
    // libssl3 does not exist: the second alternative; mail-transport-agent: the first provider;
    // coreutils and dpkg are Essential and not asked for.
    assertEquals(
        List.of(
            "app=1.0",
            "gcc-12-base=12.2.0-14",
            "libc6=2.36-9",
            "libgcc-s1=12.2.0-14",
            "libssl1.1=1.1.1n-0",
            "postfix=3.7"),
        names(r));
    assertEquals(List.of("coreutils", "dpkg"), r.skippedEssential());
  }

  @Test
  void resolve_essentialWhenAsked() throws Exception {
    Resolution r =
        new Resolver(index(), InstalledPackages.none(), Set.of(), true)
            .resolve(List.of("gcc-12-base"), "step");
    assertEquals(List.of("coreutils=9.1-1", "dpkg=1.21.22", "gcc-12-base=12.2.0-14"), names(r));
  }

  @Test
  void resolve_essentialByNameIsInstalled() throws Exception {
    Resolution r =
        new Resolver(index(), InstalledPackages.none(), Set.of(), false)
            .resolve(List.of("coreutils"), "step");
    assertEquals(List.of("coreutils=9.1-1"), names(r));
  }

  @Test
  void resolve_installedPackagesAndExcludesAreSkipped() throws Exception {
    InstalledPackages installed =
        new InstalledPackages(
            Map.of("libc6", "2.36-9"), Map.of("mail-transport-agent", List.of("x")));
    Resolution r =
        new Resolver(index(), installed, Set.of("libssl1.1"), false)
            .resolve(List.of("app", "libc6"), "step");
    assertEquals(List.of("app=1.0"), names(r));
    assertEquals(List.of("libc6"), r.alreadyInstalled());
  }

  @Test
  void resolve_tooOldInstalledVersion_isRefusedNotReplaced() throws Exception {
    // The installer cannot replace the stage's libc6: choosing 2.36-9 would leave 2.31-13 on disk.
    InstalledPackages installed = new InstalledPackages(Map.of("libc6", "2.31-13"), Map.of());
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new Resolver(index(), installed, Set.of(), false)
                    .resolve(List.of("libgcc-s1"), "<debian>[1]"));
    assertEquals(
        "<debian>[1]: libgcc-s1 12.2.0-14 needs 'libc6 (>= 2.35)': the stage has libc6 2.31-13"
            + " (in its dpkg status, from <from> or an earlier step), which does not satisfy it,"
            + " and a debian step never upgrades or replaces an installed package. To fix: list"
            + " libgcc-s1 in the <packages> of the step that installs libc6, so that one"
            + " resolution picks versions that fit together; or build on a <from> image whose"
            + " libc6 satisfies 'libc6 (>= 2.35)'; or pick a <suite> whose libgcc-s1 works with"
            + " libc6 2.31-13",
        e.getMessage());
  }

  @Test
  void resolve_tooOldInstalledVersionDeepInTheChain_namesTheListedPackageInTheFix()
      throws Exception {
    PackageIndex index = index();
    index.put(
        new BinaryPackage(
            "top",
            "1",
            "all",
            false,
            false,
            null,
            "libgcc-s1",
            null,
            null,
            List.of(),
            "pool/t.deb",
            1,
            "b".repeat(64)));
    InstalledPackages installed = new InstalledPackages(Map.of("libc6", "2.31-13"), Map.of());
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> new Resolver(index, installed, Set.of(), false).resolve(List.of("top"), "step"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "step: libgcc-s1 12.2.0-14 (needed by top) needs 'libc6 (>= 2.35)': the stage has"
                    + " libc6 2.31-13"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("To fix: list top in the <packages> of the step that installs"),
        e.getMessage());
  }

  @Test
  void resolve_tooOldInstalledVersion_nextAlternativeIsTaken() throws Exception {
    PackageIndex index = index();
    index.put(
        new BinaryPackage(
            "either",
            "1",
            "all",
            false,
            false,
            null,
            "libc6 (>= 2.35) | libssl1.1",
            null,
            null,
            List.of(),
            "pool/e.deb",
            1,
            "b".repeat(64)));
    InstalledPackages installed = new InstalledPackages(Map.of("libc6", "2.31-13"), Map.of());
    Resolution r =
        new Resolver(index, installed, Set.of(), false).resolve(List.of("either"), "step");
    assertEquals(List.of("either=1", "libssl1.1=1.1.1n-0"), names(r));
    assertEquals(List.of(), r.alreadyInstalled());
  }

  @Test
  void resolve_installedVersionNewEnough_isSkipped() throws Exception {
    InstalledPackages installed = new InstalledPackages(Map.of("libc6", "2.36-9"), Map.of());
    Resolution r =
        new Resolver(index(), installed, Set.of(), false).resolve(List.of("libgcc-s1"), "step");
    assertEquals(List.of("gcc-12-base=12.2.0-14", "libgcc-s1=12.2.0-14"), names(r));
    assertEquals(List.of("libc6"), r.alreadyInstalled());
  }

  @Test
  void resolve_listedPackageOlderInTheStage_isKept() throws Exception {
    InstalledPackages installed = new InstalledPackages(Map.of("libc6", "2.31-13"), Map.of());
    Resolution r =
        new Resolver(index(), installed, Set.of(), false).resolve(List.of("libc6"), "step");
    assertEquals(List.of(), names(r));
    assertEquals(List.of("libc6"), r.alreadyInstalled());
  }

  @Test
  void resolve_providerWithAnotherVersionInTheStage_isNotChosen() throws Exception {
    // postfix 3.6 in the stage (without its Provides): the index's postfix 3.7 cannot take its
    // place, so the next provider is chosen.
    InstalledPackages installed = new InstalledPackages(Map.of("postfix", "3.6"), Map.of());
    PackageIndex index = index();
    index.put(
        new BinaryPackage(
            "mailer",
            "1",
            "all",
            false,
            false,
            null,
            "mail-transport-agent",
            null,
            null,
            List.of(),
            "pool/m.deb",
            1,
            "b".repeat(64)));
    Resolution r =
        new Resolver(index, installed, Set.of(), false).resolve(List.of("mailer"), "step");
    assertEquals(List.of("exim4=4.96", "mailer=1"), names(r));
  }

  @Test
  void resolve_unknownPackage_oneClearError() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new Resolver(index(), InstalledPackages.none(), Set.of(), false)
                    .resolve(List.of("libc6", "no-such-package"), "<debian>[1]"));
    assertEquals(
        "<debian>[1]: package 'no-such-package' is not in the repository for architecture amd64;"
            + " check the spelling (package names are lower case), the <suite> and the"
            + " <components>",
        e.getMessage());
  }

  @Test
  void resolve_otherArchitectureIsNotInTheIndex() throws Exception {
    assertThrows(
        UserInputException.class,
        () ->
            new Resolver(index(), InstalledPackages.none(), Set.of(), false)
                .resolve(List.of("armonly"), "step"));
  }

  @Test
  void resolve_unsatisfiableVersion_namesDependencyChainAndVersions() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new Resolver(index(), InstalledPackages.none(), Set.of(), false)
                    .resolve(List.of("needs-new-libc"), "<debian>[1]"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "<debian>[1]: cannot satisfy the dependency 'libc6 (>= 2.40)' of needs-new-libc 1:"
                    + " the repository has libc6 2.36-9, 2.31-13."),
        e.getMessage());
  }

  @Test
  void resolve_virtualWithSeveralProviders_mustBeNamed() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new Resolver(index(), InstalledPackages.none(), Set.of(), false)
                    .resolve(List.of("mail-transport-agent"), "step"));
    assertTrue(e.getMessage().contains("provided by exim4, postfix"), e.getMessage());
  }

  @Test
  void resolve_versionChosenEarlierThatLaterFails_isAnError() throws Exception {
    PackageIndex index = index();
    index.put(
        new BinaryPackage(
            "old-pin",
            "1",
            "all",
            false,
            false,
            null,
            "libc6 (= 2.31-13)",
            null,
            null,
            List.of(),
            "pool/x.deb",
            1,
            "b".repeat(64)));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new Resolver(index, InstalledPackages.none(), Set.of(), false)
                    .resolve(List.of("libc6", "old-pin"), "step"));
    assertTrue(e.getMessage().contains("libc6 2.36-9 is already chosen"), e.getMessage());
  }

  @Test
  void index_refusesFilenameOutsideTheRepository() {
    String hostile =
        "Package: evil\nVersion: 1\nArchitecture: amd64\nFilename: ../../etc/passwd\nSHA256: "
            + "a".repeat(64)
            + "\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PackageIndex("amd64")
                    .add(new BufferedReader(new StringReader(hostile)), "idx"));
    assertTrue(e.getMessage().contains("not a path below the repository"), e.getMessage());
  }
}
