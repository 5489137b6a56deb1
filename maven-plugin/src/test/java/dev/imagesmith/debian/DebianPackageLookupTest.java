package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.libcheck.DebianPackageLookup;
import dev.imagesmith.libcheck.PackageLookup;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestPlans;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks' package lookup for a build's {@code debian} step: it answers from the step's signed
 * repository, and when it cannot (offline without the index cached) it says why rather than
 * failing.
 */
class DebianPackageLookupTest {
  @TempDir Path temp;
  private TestRepository repository;
  private Path keyring;

  @BeforeEach
  void publish() throws Exception {
    SignedRepository signed = SignedRepository.in(temp);
    keyring = signed.keyring();
    repository = signed.repository().contents(PackageContentsTest.CONTENTS);
    repository.publish("amd64");
  }

  private PackageLookup lookup(boolean offline) {
    return lookup(offline, BuildLog.silent());
  }

  private PackageLookup lookup(boolean offline, BuildLog log) {
    BuildPlan plan =
        PackageLookupPlans.withDebianStep(
            temp, repository.uri(), TestRepository.SUITE, keyring, temp.resolve("cache"), offline);
    return DebianPackageLookup.forPlan(
        plan, temp.resolve("no-etc-apt"), new RepositoryClient(), log);
  }

  /**
   * The library check and the entrypoint check ask the same lookup one after the other: the signed
   * InRelease is fetched and verified once, and a name already answered is not searched again.
   */
  @Test
  void find_askedTwice_fetchesTheReleaseOnceAndSearchesEachNameOnce() {
    LogLines log = new LogLines();
    PackageLookup lookup = lookup(false, log);
    PackageLookup.Answer first = lookup.find(Set.of("libgreet.so.1"));
    PackageLookup.Answer second = lookup.find(Set.of("perl", "libgreet.so.1"));
    PackageLookup.Answer third = lookup.find(Set.of("perl"));
    assertNull(second.unavailable());
    assertEquals(first.byName().get("libgreet.so.1"), second.byName().get("libgreet.so.1"));
    assertEquals(
        List.of(new PackageLookup.Shipped("/usr/bin/perl", List.of("perl-base"))),
        third.byName().get("perl"));
    assertEquals(second.source(), third.source());
    assertEquals(
        1,
        log.infos().stream().filter(l -> l.contains("fetching") && l.contains("InRelease")).count(),
        log.text());
    assertEquals(
        List.of("libgreet.so.1", "perl"),
        log.infos().stream()
            .filter(l -> l.startsWith("Looking up"))
            .map(l -> l.substring("Looking up the packages that ship ".length(), l.indexOf(" in ")))
            .toList(),
        log.text());
  }

  @Test
  void find_answersFromTheStepsRepository() {
    PackageLookup.Answer answer = lookup(false).find(Set.of("perl", "nothing.so"));
    assertNull(answer.unavailable());
    assertEquals(
        List.of(new PackageLookup.Shipped("/usr/bin/perl", List.of("perl-base"))),
        answer.byName().get("perl"));
    assertEquals(Set.of("perl"), answer.byName().keySet());
    assertEquals(
        TestRepository.SUITE + " main amd64 of " + repository.uri(), answer.source().substring(7));
  }

  @Test
  void find_offlineWithoutTheIndex_saysItCannotLookUp() {
    PackageLookup.Answer answer = lookup(true).find(Set.of("perl"));
    assertEquals(
        "Maven is offline and the index is not in the cache (a build online fetches it once)",
        answer.unavailable());
    lookup(false).find(Set.of("perl")); // online once: now cached
    assertNull(lookup(true).find(Set.of("perl")).unavailable());
  }

  @Test
  void forPlan_withoutADebianStep_looksNothingUp() {
    BuildPlan plan =
        PackageLookupPlans.withDebianStep(
            temp, repository.uri(), TestRepository.SUITE, keyring, temp.resolve("cache"), false);
    BuildPlan none =
        TestPlans.copy(plan).stages(List.of()).layers(List.of()).offline(false).build();
    assertSame(
        PackageLookup.NONE,
        DebianPackageLookup.forPlan(none, temp, new RepositoryClient(), BuildLog.silent()));
  }
}
