package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which package ships a file: the suite's {@code Contents-<arch>} index, read only after its hash
 * matched the signed Release, kept in the cache by that hash and used from there offline. The
 * repository is a signed one on disk ({@link TestRepository}); the index a small fixture in the
 * real format.
 */
class PackageContentsTest {
  /** The real format: a path (blanks allowed), blanks, then qualified package names. */
  static final String CONTENTS =
      "usr/bin/perl                                            perl/perl-base\n"
          + "usr/lib/x86_64-linux-gnu/libgreet.so.1                 libs/libgreet1\n"
          + "usr/lib/debug/.build-id/ab/libgreet.so.1               debug/libgreet1-dbg\n"
          + "usr/share/doc/a dir/libgreet.so.1                      doc/greet-doc,non-free/doc/x\n"
          + "bin/sh                                                  shells/dash\n";

  @TempDir Path temp;
  private TestRepository repository;
  private Path keyring;

  @BeforeEach
  void publish() throws Exception {
    SignedRepository signed = SignedRepository.in(temp);
    keyring = signed.keyring();
    repository = signed.repository().contents(CONTENTS);
    repository.publish("amd64");
  }

  private PackageContents contents(boolean offline) {
    return new PackageContents(
        new RepositorySettings(
            repository.uri(), TestRepository.SUITE, List.of("main"), keyring, true),
        "amd64",
        temp.resolve("cache"),
        offline,
        new RepositoryClient(),
        BuildLog.silent(),
        Clock.systemUTC());
  }

  @Test
  void search_byFileName_blanksInPathsAndQualifiedNames() throws Exception {
    Map<String, List<ContentsIndex.Entry>> found =
        ContentsIndex.search(
            new BufferedReader(new StringReader("FILE                    LOCATION\n" + CONTENTS)),
            Set.of("libgreet.so.1", "sh", "missing.so"));
    assertEquals(
        List.of(
            new ContentsIndex.Entry(
                "/usr/lib/x86_64-linux-gnu/libgreet.so.1", List.of("libgreet1")),
            new ContentsIndex.Entry(
                "/usr/lib/debug/.build-id/ab/libgreet.so.1", List.of("libgreet1-dbg")),
            new ContentsIndex.Entry(
                "/usr/share/doc/a dir/libgreet.so.1", List.of("greet-doc", "x"))),
        found.get("libgreet.so.1"));
    assertEquals(List.of(new ContentsIndex.Entry("/bin/sh", List.of("dash"))), found.get("sh"));
    assertEquals(Set.of("libgreet.so.1", "sh"), found.keySet());
  }

  @Test
  void find_verifiedAndCachedByHash_thenOfflineFromTheCache() throws Exception {
    Map<String, List<ContentsIndex.Entry>> found = contents(false).find(Set.of("perl"));
    assertEquals(
        List.of(new ContentsIndex.Entry("/usr/bin/perl", List.of("perl-base"))), found.get("perl"));
    String hash = Digest.ofBytes(Files.readAllBytes(repository.contentsFile("amd64"))).encoded();
    assertTrue(Files.isRegularFile(temp.resolve("cache/debian/sha256").resolve(hash)));

    // The repository goes away: offline, the cached InRelease and index still answer.
    Files.delete(repository.contentsFile("amd64"));
    Files.delete(repository.inRelease());
    assertEquals(found, contents(true).find(Set.of("perl")));
  }

  @Test
  void find_offlineWithoutCache_saysSoAndFetchesNothing() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> contents(true).find(Set.of("perl")));
    assertTrue(e.getMessage().contains("is not in the cache and Maven is offline"), e.getMessage());
    assertTrue(Files.notExists(temp.resolve("cache/debian/sha256")));
  }

  @Test
  void find_indexAlteredAfterSigning_isRefusedAndNotKept() throws Exception {
    Files.write(
        repository.contentsFile("amd64"),
        TestRepository.gzip("usr/bin/perl  perl/evil-perl\n".getBytes()));
    UserInputException e =
        assertThrows(UserInputException.class, () -> contents(false).find(Set.of("perl")));
    assertTrue(e.getMessage().contains("Contents-amd64.gz has sha256"), e.getMessage());
    assertTrue(
        e.getMessage().contains("but the signed Release of " + TestRepository.SUITE),
        e.getMessage());
    try (var kept = Files.list(temp.resolve("cache/debian/sha256"))) {
      assertEquals(0, kept.filter(p -> !p.toString().endsWith(".part")).count());
    }
  }

  @Test
  void find_releaseWithoutContents_saysTheReleaseListsNone() throws Exception {
    repository.contents(null).publish("amd64");
    UserInputException e =
        assertThrows(UserInputException.class, () -> contents(false).find(Set.of("perl")));
    assertTrue(e.getMessage().contains("lists no Contents-amd64 index for main"), e.getMessage());
  }
}
