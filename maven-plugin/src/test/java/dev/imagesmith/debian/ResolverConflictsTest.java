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

/** Conflicts and Breaks, in both directions, against chosen packages and the stage's status. */
class ResolverConflictsTest {
  private static final String PACKAGES =
      """
      Package: mta-a
      Version: 2.0
      Architecture: all
      Provides: mail-transport-agent
      Conflicts: mail-transport-agent

      Package: mta-b
      Version: 1.5
      Architecture: all
      Provides: mail-transport-agent
      Conflicts: mail-transport-agent

      Package: mua
      Version: 1
      Architecture: all
      Depends: mta-a | mta-b

      Package: needs-mta
      Version: 1
      Architecture: all
      Depends: mail-transport-agent

      Package: hates-new-a
      Version: 1
      Architecture: all
      Conflicts: mta-a (>= 2)

      Package: hates-old-a
      Version: 1
      Architecture: all
      Conflicts: mta-a (<< 2)

      Package: hates-both
      Version: 1
      Architecture: all
      Conflicts: mta-a, mta-b

      Package: app2
      Version: 1
      Architecture: all
      Depends: hater

      Package: hater
      Version: 1
      Architecture: all
      Breaks: mta-a(<<3)

      Package: lib-new
      Version: 2.0
      Architecture: all
      Breaks: lib-old (<< 2.0)
      Replaces: lib-old (<< 2.0)

      Package: lib-old
      Version: 2.1
      Architecture: all

      Package: both-libs
      Version: 1
      Architecture: all
      Depends: lib-new, lib-old

      Package: abi1
      Version: 1
      Architecture: all
      Provides: libfoo-abi (= 1)

      Package: abi2
      Version: 2
      Architecture: all
      Provides: libfoo-abi (= 2)

      Package: abi-hater
      Version: 1
      Architecture: all
      Conflicts: libfoo-abi (<< 2)

      Package: mta-version-hater
      Version: 1
      Architecture: all
      Conflicts: mail-transport-agent (<< 5)

      Package: alternatives-in-conflicts
      Version: 1
      Architecture: all
      Conflicts: mta-a | mta-b
      """
          .replaceAll("(?m)^(Version: .*)$", "$1\nFilename: pool/x.deb\nSHA256: " + "a".repeat(64));

  private static Resolution resolve(InstalledPackages installed, String... packages)
      throws Exception {
    PackageIndex index = new PackageIndex("amd64");
    index.add(new BufferedReader(new StringReader(PACKAGES)), "test Packages");
    return new Resolver(index, installed, Set.of(), false).resolve(List.of(packages), "<debian>");
  }

  private static Resolution resolve(String... packages) throws Exception {
    return resolve(InstalledPackages.none(), packages);
  }

  private static UserInputException failure(InstalledPackages installed, String... packages) {
    return assertThrows(UserInputException.class, () -> resolve(installed, packages));
  }

  private static List<String> names(Resolution resolution) {
    return resolution.packages().stream().map(p -> p.name() + "=" + p.version()).toList();
  }

  private static InstalledPackages stage(String name, String version, Refusal... refusals) {
    return new InstalledPackages(
        Map.of(name, version),
        Map.of(),
        Map.of(name, new InstalledPackages.Declared(List.of(), List.of(refusals))));
  }

  @Test
  void requestedPackagesThatConflictThroughAVirtualName_oneErrorNamingBoth() {
    UserInputException e = failure(InstalledPackages.none(), "mta-a", "mta-b");
    assertEquals(
        "<debian>: mta-b 1.5 and mta-a 2.0 cannot be installed together: mta-b has 'Conflicts:"
            + " mail-transport-agent'. mta-b 1.5 is listed in <packages>; mta-a 2.0 is listed in"
            + " <packages>. To fix: install the two in separate stages",
        e.getMessage());
  }

  @Test
  void conflictOnAVirtualNameItProvides_isNotWithItself() throws Exception {
    assertEquals(List.of("mta-a=2.0"), names(resolve("mta-a")));
  }

  @Test
  void alternativeThatConflicts_takesTheNextAlternative() throws Exception {
    assertEquals(
        List.of("hates-new-a=1", "mta-b=1.5", "mua=1"), names(resolve("hates-new-a", "mua")));
  }

  @Test
  void versionConstraintOfAConflict_isHonoured() throws Exception {
    // hates-old-a refuses mta-a before 2; the index has 2.0, so the first alternative stays.
    assertEquals(
        List.of("hates-old-a=1", "mta-a=2.0", "mua=1"), names(resolve("hates-old-a", "mua")));
  }

  @Test
  void providerThatConflicts_takesTheNextProvider() throws Exception {
    assertEquals(
        List.of("hates-new-a=1", "mta-b=1.5", "needs-mta=1"),
        names(resolve("hates-new-a", "needs-mta")));
  }

  @Test
  void noAlternativeAvoidsTheConflict_oneErrorWithEveryReason() {
    UserInputException e = failure(InstalledPackages.none(), "hates-both", "mua");
    assertEquals(
        "<debian>: mta-a 2.0 and hates-both 1 cannot be installed together: hates-both has"
            + " 'Conflicts: mta-a'. mta-a 2.0 is needed by mua; hates-both 1 is listed in"
            + " <packages>. No choice for 'mta-a | mta-b' avoids a conflict: hates-both 1 has"
            + " 'Conflicts: mta-a' and mta-a 2.0; hates-both 1 has 'Conflicts: mta-b' and mta-b"
            + " 1.5. To fix: add mta-a to <excludes> if the image does not need it (a dependency"
            + " on an excluded package counts as satisfied); or install the two in separate"
            + " stages",
        e.getMessage());
  }

  @Test
  void earlierAlternativeBrokenLater_errorSaysWhichAlternativeToName() throws Exception {
    UserInputException e = failure(InstalledPackages.none(), "mua", "app2");
    assertTrue(
        e.getMessage()
            .startsWith(
                "<debian>: hater 1 and mta-a 2.0 cannot be installed together: hater has 'Breaks:"
                    + " mta-a(<<3)'. hater 1 is needed by app2; mta-a 2.0 is needed by mua. To"
                    + " fix: name another alternative of 'mta-a | mta-b' in <packages>"),
        e.getMessage());
    // ... and doing so works: a listed package is chosen before any dependency.
    assertEquals(
        List.of("app2=1", "hater=1", "mta-b=1.5", "mua=1"), names(resolve("mta-b", "mua", "app2")));
  }

  @Test
  void breaksAndReplacesAnOlderVersionThatIsNotInstalled_isFine() throws Exception {
    assertEquals(List.of("lib-new=2.0"), names(resolve("lib-new")));
    assertEquals(List.of("both-libs=1", "lib-new=2.0", "lib-old=2.1"), names(resolve("both-libs")));
  }

  @Test
  void breaksAnOlderVersionInTheStage_isAnErrorNamingTheStage() {
    UserInputException e = failure(stage("lib-old", "1.0"), "lib-new");
    assertEquals(
        "<debian>: lib-new 2.0 and lib-old 1.0 cannot be installed together: lib-new has 'Breaks:"
            + " lib-old (<< 2.0)'. lib-new 2.0 is listed in <packages>; lib-old 1.0 is in the"
            + " stage's dpkg status. To fix: build the stage without lib-old (it comes from"
            + " <from> or an earlier step) or install lib-new in another stage",
        e.getMessage());
  }

  @Test
  void breaksANewerVersionInTheStage_isFine() throws Exception {
    assertEquals(List.of("lib-new=2.0"), names(resolve(stage("lib-old", "2.0"), "lib-new")));
  }

  @Test
  void stagePackageThatConflictsWithAChoice_steersTheAlternativeOrFails() throws Exception {
    Refusal refusal = Refusal.parse("Conflicts", "mta-a").get(0);
    assertEquals(
        List.of("mta-b=1.5", "mua=1"), names(resolve(stage("guard", "7", refusal), "mua")));
    UserInputException e = failure(stage("guard", "7", refusal), "mta-a");
    assertTrue(
        e.getMessage()
            .startsWith(
                "<debian>: mta-a 2.0 and guard 7 cannot be installed together: guard has"
                    + " 'Conflicts: mta-a' in the stage's dpkg status."),
        e.getMessage());
  }

  @Test
  void versionedConflictOnAVirtualName_onlyMatchesVersionedProvides() throws Exception {
    // Unversioned Provides never satisfy a versioned relation, so they are not refused either.
    assertEquals(
        List.of("mta-a=2.0", "mta-version-hater=1"), names(resolve("mta-version-hater", "mta-a")));
    assertEquals(List.of("abi-hater=1", "abi2=2"), names(resolve("abi-hater", "abi2")));
    UserInputException e = failure(InstalledPackages.none(), "abi-hater", "abi1");
    assertTrue(
        e.getMessage().contains("abi-hater has 'Conflicts: libfoo-abi (<< 2)'"), e.getMessage());
  }

  @Test
  void alternativesInConflicts_areAnIndexError() {
    UserInputException e = failure(InstalledPackages.none(), "alternatives-in-conflicts");
    assertTrue(
        e.getMessage()
            .contains(
                "alternatives-in-conflicts 1 all has a Conflicts or Breaks field that cannot be"
                    + " read (Conflicts has 'mta-a | mta-b'; alternatives are not allowed in"
                    + " Conflicts)"),
        e.getMessage());
  }
}
