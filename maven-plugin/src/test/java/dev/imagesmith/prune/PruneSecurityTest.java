package dev.imagesmith.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.PruneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** security-cases.md P25: prune never deletes outside the stage, nor the stage root. */
class PruneSecurityTest {
  @TempDir Path temp;
  private Sandbox sandbox;
  private Path victim;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(temp.resolve("stage"));
    victim = Files.createDirectories(temp.resolve("victim"));
    Files.writeString(victim.resolve("hello"), "victim");
    Files.createDirectories(victim.resolve("share/doc"));
    Files.writeString(victim.resolve("share/doc/README"), "victim doc");
    Files.writeString(victim.resolve("libvictim.a"), "victim lib");
  }

  private void assertVictimUntouched() throws IOException {
    try (Stream<Path> tree = Files.walk(victim)) {
      assertEquals(
          List.of("", "hello", "libvictim.a", "share", "share/doc", "share/doc/README"),
          tree.map(p -> victim.relativize(p).toString()).sorted().toList());
    }
    assertEquals("victim", Files.readString(victim.resolve("hello")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../..", "a/../..", "../victim", "..\\victim", "/"})
  void P25_escapingExclude_rejectedBeforeAnythingIsRemoved(String pattern) throws IOException {
    Files.writeString(sandbox.hostPath("/libfoo.a"), "x");

    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                Pruner.prune(
                    sandbox, new PruneSpec(true, true, true, List.of(pattern)), "stage/prune"));

    assertTrue(e.getMessage().startsWith("stage/prune/excludes: prune pattern '"), e::getMessage);
    assertTrue(Files.exists(sandbox.hostPath("/libfoo.a")), "validation precedes removal");
    assertVictimUntouched();
  }

  @Test
  void P25_symlinksToOutside_removedAsLinksNeverFollowed() throws IOException {
    Files.createSymbolicLink(sandbox.hostPath("/escape"), victim);
    Files.createSymbolicLink(sandbox.hostPath("/relative"), Path.of("../victim"));
    Files.createDirectories(sandbox.hostPath("/usr/share"));
    Files.createSymbolicLink(sandbox.hostPath("/usr/share/doc"), victim.resolve("share/doc"));
    Files.createSymbolicLink(sandbox.hostPath("/usr/libvictim.a"), victim.resolve("libvictim.a"));

    PruneReport report =
        Pruner.prune(
            sandbox,
            new PruneSpec(true, true, true, List.of("**/hello", "**/README", "escape")),
            "stage/prune");

    assertVictimUntouched();
    assertEquals(List.of("/usr/libvictim.a"), report.removed("static libraries"));
    assertEquals(List.of("/usr/share/doc"), report.removed("docs"));
    assertEquals(List.of("/escape"), report.removed("exclude escape"));
    assertEquals(0, report.rule("exclude **/hello").filesRemoved());
    assertEquals(0, report.bytesSaved());
    assertTrue(Files.isSymbolicLink(sandbox.hostPath("/relative")));
    assertFalse(Files.exists(sandbox.hostPath("/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void P25_matchEverything_neverRemovesTheRoot() throws IOException {
    Files.createDirectories(sandbox.hostPath("/a/b"));
    Files.writeString(sandbox.hostPath("/a/b/c"), "12");

    PruneReport report =
        Pruner.prune(sandbox, new PruneSpec(false, false, false, List.of("**")), "p");

    assertTrue(Files.isDirectory(sandbox.root()));
    assertEquals(List.of("/"), sandbox.walk("/").stream().map(SandboxEntry::path).toList());
    assertEquals(2, report.bytesSaved());
    assertVictimUntouched();
  }
}
