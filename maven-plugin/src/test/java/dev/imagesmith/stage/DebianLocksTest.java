package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.debian.DebianLock;
import dev.imagesmith.debian.LockedPackage;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.LogLines;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-debian.lock keeps the sections of the package lists the POM still has, whether their stage
 * ran or came from the stage cache, and loses the others.
 */
class DebianLocksTest {
  private static final String STALE =
      "amd64 bookworm main packages=samtools repository=file:///srv/debian";
  private static final String CURRENT =
      "amd64 bookworm main packages=busybox repository=file:///srv/debian";
  private static final LockedPackage BUSYBOX =
      new LockedPackage(
          "busybox", "1:1.35.0-4", "amd64", "a".repeat(64), "pool/main/b/busybox/busybox.deb");

  @TempDir Path project;

  private final LogLines log = new LogLines();

  private StageSpec stage(String... packages) {
    List<StepSpec> steps = new ArrayList<>();
    if (packages.length > 0) {
      steps.add(
          new StepSpec.Debian(
              List.of(packages),
              URI.create("file:///srv/debian"),
              "bookworm",
              List.of("main"),
              null, // the platform's architecture: amd64
              null,
              List.of(),
              false,
              project.resolve("image-debian.lock"),
              "<debian>"));
    }
    return new StageSpec("runtime", null, steps, PruneSpec.defaults(), "runtime", null);
  }

  @Test
  void sectionOfAListNoLongerInThePom_isDropped() throws Exception {
    Path file = project.resolve("image-debian.lock");
    DebianLock lock = DebianLock.read(file);
    lock.put(CURRENT, List.of(BUSYBOX));
    lock.put(STALE, List.of(BUSYBOX));

    DebianLocks.dropUnused(file, List.of(stage("busybox")), "linux/amd64", log);

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.contains("[" + CURRENT + "]"), text);
    assertFalse(text.contains("samtools"), text);
    assertEquals(
        List.of(
            "Dropped from "
                + file
                + " the packages of requests no debian step makes any more: ["
                + STALE
                + "]"),
        log.infos());
  }

  @Test
  void everyListStillConfigured_fileUntouched() throws Exception {
    Path file = project.resolve("image-debian.lock");
    DebianLock.read(file).put(CURRENT, List.of(BUSYBOX));
    byte[] before = Files.readAllBytes(file);
    long modified = Files.getLastModifiedTime(file).toMillis();

    DebianLocks.dropUnused(file, List.of(stage("busybox")), "linux/amd64", log);

    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(file));
    assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    assertEquals(List.of(), log.infos());
  }

  @Test
  void noDebianStepLeft_deletesTheLock() throws Exception {
    Path file = project.resolve("image-debian.lock");
    DebianLock.read(file).put(STALE, List.of(BUSYBOX));

    DebianLocks.dropUnused(file, List.of(stage()), "linux/amd64", log);

    assertFalse(Files.exists(file));
    assertTrue(
        log.infos().get(0).endsWith("; no section was left, so the file was deleted"),
        log.infos().get(0));
  }
}
