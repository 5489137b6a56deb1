package dev.imagesmith.libcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imagesmith.fs.ResolveMemo;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hints read a stage's dpkg lists after walking the database without following links; what the
 * walk saw may be stale by the time a list is read (a run step, or anything else writing the stage,
 * plants a link in between). The read itself must refuse a link, on the list or on its directory,
 * and never return what it points to on the host.
 */
class StageFilesListLinkTest {
  private static final String LIST = "/var/lib/dpkg/info/libc6:amd64.list";

  @TempDir Path dir;
  private Sandbox sandbox;
  private Path victim;

  @BeforeEach
  void stage() throws Exception {
    sandbox = Sandbox.create(Files.createDirectories(dir.resolve("stage")));
    Path list = sandbox.hostPath(LIST);
    Files.createDirectories(list.getParent());
    Files.writeString(list, "/lib/x86_64-linux-gnu/libc.so.6\n");
    victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("libc6:amd64.list"), "/host/secret\n");
  }

  /** The walk's entry for the list, taken while it is still a regular file. */
  private SandboxEntry walked() throws Exception {
    return sandbox.walk("/var/lib/dpkg/info").stream()
        .filter(e -> e.path().equals(LIST) && e.isRegularFile())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void listUnchangedSinceTheWalk_isRead() throws Exception {
    assertEquals(
        "/lib/x86_64-linux-gnu/libc.so.6\n",
        StageFiles.listText(sandbox, walked(), new ResolveMemo()));
  }

  @Test
  void linkPlantedOnTheListAfterTheWalk_isNotFollowed() throws Exception {
    SandboxEntry entry = walked();
    Path list = sandbox.hostPath(LIST);
    Files.delete(list);
    Files.createSymbolicLink(list, victim.resolve("libc6:amd64.list"));

    assertNull(StageFiles.listText(sandbox, entry, new ResolveMemo()));
  }

  @Test
  void linkPlantedOnTheListsDirectoryAfterTheWalk_isResolvedInTheStage() throws Exception {
    SandboxEntry entry = walked();
    Path info = sandbox.hostPath("/var/lib/dpkg/info");
    Files.move(info, info.resolveSibling("info.old"));
    Files.createSymbolicLink(info, victim); // absolute: in the stage it names nothing

    assertNull(StageFiles.listText(sandbox, entry, new ResolveMemo()));
  }
}
