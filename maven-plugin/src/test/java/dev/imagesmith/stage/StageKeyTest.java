package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesmith.io.FileChanges;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.store.FileHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageKeyTest {
  @TempDir Path temp;
  private Path source;
  private Path archive;
  private final FileHashes hashes = FileHashes.load(null);

  @BeforeEach
  void inputs() throws Exception {
    source = Files.createDirectories(temp.resolve("src"));
    Files.writeString(source.resolve("main.c"), "int main() { return 0; }\n");
    Files.createSymbolicLink(source.resolve("link"), Path.of("main.c"));
    archive = Files.writeString(temp.resolve("vendor.tar"), "pretend tar");
  }

  private StageSpec stage(String command) {
    return new StageSpec(
        "builder",
        null,
        List.of(
            new StepSpec.Copy(source, "/src", "<copy>"),
            new StepSpec.Extract(archive, "/vendor", 0, "<extract>"),
            new StepSpec.Run(command, Map.of("CFLAGS", "-O2"), "/", "<run>")),
        PruneSpec.defaults(),
        "<stage>");
  }

  private String key() throws Exception {
    return StageKey.of(stage("make"), null, hashes, temp);
  }

  @Test
  void isolation_isPartOfTheKey() throws Exception {
    StageSpec host = stage("make");
    StageSpec inside =
        new StageSpec(
            host.name(), null, host.steps(), host.prune(), host.where(), RunIsolation.STAGE);
    StageSpec noNetwork =
        new StageSpec(
            host.name(),
            null,
            List.of(
                host.steps().get(0),
                host.steps().get(1),
                new StepSpec.Run("make", Map.of("CFLAGS", "-O2"), "/", false, null, "<run>")),
            host.prune(),
            host.where(),
            RunIsolation.STAGE);

    assertEquals(
        new StepSpec.Run("make", Map.of("CFLAGS", "-O2"), "/", "<run>"), host.steps().get(2));
    assertNotEquals(StageKey.of(host, null, hashes, temp), StageKey.of(inside, null, hashes, temp));
    assertNotEquals(
        StageKey.of(inside, null, hashes, temp), StageKey.of(noNetwork, null, hashes, temp));
  }

  @Test
  void buildTimestamp_partOfTheKey_onlyWhereMaintainerScriptsSeeIt() throws Exception {
    StepSpec.Debian debian =
        new StepSpec.Debian(
            List.of("gcc"),
            null,
            null,
            List.of(),
            null,
            null,
            List.of(),
            false,
            temp.resolve("image-debian.lock"),
            "<debian>");
    StageSpec inside =
        new StageSpec(
            "builder", null, List.of(debian), PruneSpec.defaults(), "<stage>", RunIsolation.STAGE);
    StageSpec host =
        new StageSpec("builder", null, List.of(debian), PruneSpec.defaults(), "<stage>");
    Instant one = Instant.parse("2026-01-01T00:00:00Z");
    Instant two = Instant.parse("2026-01-02T00:00:00Z");

    assertNotEquals(
        StageKey.of(inside, null, one, hashes, temp),
        StageKey.of(inside, null, two, hashes, temp),
        "useradd's day comes from SOURCE_DATE_EPOCH");
    assertEquals(
        StageKey.of(host, null, one, hashes, temp),
        StageKey.of(host, null, two, hashes, temp),
        "no script runs on a host stage");
    assertEquals(
        StageKey.of(stage("make"), null, hashes, temp),
        StageKey.of(stage("make"), null, two, hashes, temp),
        "nor in a stage without a debian step");
  }

  @Test
  void sameInputs_sameKey_evenAfterTouch() throws Exception {
    String before = key();
    Files.setLastModifiedTime(source.resolve("main.c"), FileTime.from(Instant.now()));
    assertEquals(before, key(), "an mtime alone is not a change");
  }

  @Test
  void copiedContentChange_withPreservedMtime_changesKey() throws Exception {
    String before = key();
    FileChanges.rewriteKeepingMtime(source.resolve("main.c"), "int main() { return 1; }\n");
    assertNotEquals(before, key());
  }

  @Test
  void everyOtherInput_changesKey() throws Exception {
    String before = key();
    assertNotEquals(before, StageKey.of(stage("make install"), null, hashes, temp), "command");
    assertNotEquals(
        before, StageKey.of(stage("make"), "sha256:" + "a".repeat(64), hashes, temp), "base");

    Files.setAttribute(source.resolve("main.c"), "unix:mode", 0755);
    String executable = key();
    assertNotEquals(before, executable, "permission bits");

    Files.delete(source.resolve("link"));
    Files.createSymbolicLink(source.resolve("link"), Path.of("other.c"));
    String relinked = key();
    assertNotEquals(executable, relinked, "symlink target");

    Files.createLink(source.resolve("hard"), source.resolve("main.c"));
    String hardlinked = key();
    Files.delete(source.resolve("hard"));
    Files.copy(source.resolve("main.c"), source.resolve("hard"));
    Files.setAttribute(source.resolve("hard"), "unix:mode", 0755);
    assertNotEquals(hardlinked, key(), "a hardlink and a copy are different inputs");

    String withArchive = key();
    FileChanges.rewriteKeepingMtime(archive, "other tar!!");
    assertNotEquals(withArchive, key(), "extracted archive");
  }
}
