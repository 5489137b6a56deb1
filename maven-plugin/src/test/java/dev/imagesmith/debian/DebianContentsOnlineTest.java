package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.libcheck.DebianPackageLookup;
import dev.imagesmith.libcheck.PackageLookup;
import dev.imagesmith.testkit.DebianOnline;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: Debian bookworm's signed InRelease and its 12 MB {@code main/Contents-amd64.gz}
 * from deb.debian.org, verified with the host's Debian archive keyring, answer which packages ship
 * a library and an interpreter. Skipped, saying why, when the mirror cannot be reached or the
 * keyring is missing. The index is kept in {@code target/debian-online-cache}, so reruns read it
 * from there.
 */
class DebianContentsOnlineTest {
  private static final URI MIRROR = DebianOnline.MIRROR;
  private static final Path CACHE = Path.of("target/debian-online-cache");

  @TempDir Path temp;

  @BeforeAll
  static void mirrorReachable() {
    DebianOnline.assumeReachable(DebianContentsOnlineTest.class);
  }

  @Test
  void bookwormContents_namesThePackagesOfALibraryAndAnInterpreter() throws Exception {
    Files.createDirectories(CACHE);
    PackageLookup lookup =
        DebianPackageLookup.forPlan(
            PackageLookupPlans.withDebianStep(
                temp,
                MIRROR,
                "bookworm",
                RepositorySettings.DEBIAN_ARCHIVE_KEYRING,
                CACHE.toAbsolutePath(),
                false),
            temp,
            new RepositoryClient(),
            BuildLog.silent());
    PackageLookup.Answer answer = lookup.find(Set.of("libz.so.1", "perl"));
    assertNull(answer.unavailable());
    assertTrue(
        answer
            .byName()
            .get("libz.so.1")
            .contains(
                // bookworm's zlib1g still ships it below /lib (merged /usr makes it one file)
                new PackageLookup.Shipped(
                    "/lib/x86_64-linux-gnu/libz.so.1", java.util.List.of("zlib1g"))),
        answer.byName().get("libz.so.1").toString());
    assertTrue(
        answer
            .byName()
            .get("perl")
            .contains(new PackageLookup.Shipped("/usr/bin/perl", java.util.List.of("perl-base"))),
        answer.byName().get("perl").toString());
    assertEquals("Debian bookworm main amd64 of " + MIRROR, answer.source());
  }
}
