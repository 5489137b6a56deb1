package dev.imagesmith.stage;

import dev.imagesmith.debian.AptSources;
import dev.imagesmith.debian.DebianLock;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.RepositorySettings;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps {@code image-debian.lock} to the package lists the POM still has: after a build, the
 * sections whose request no {@code debian} step makes any more are dropped. Every step's key is
 * computed from its configuration (as the step would), so a step of a stage taken from the stage
 * cache, which did not run, keeps its section.
 */
public final class DebianLocks {
  private DebianLocks() {}

  /**
   * Drops the sections of {@code lockFile} that no {@code debian} step of {@code stages} asks for.
   *
   * @param lockFile absolute and normal, as the steps name it
   */
  public static void dropUnused(
      Path lockFile, List<StageSpec> stages, String platform, BuildLog log) throws IOException {
    dropUnused(lockFile, stages, List.of(platform), log);
  }

  /**
   * Drops the sections no {@code debian} step asks for on any of {@code platforms} (a
   * multi-platform build keeps one section per step and architecture).
   */
  public static void dropUnused(
      Path lockFile, List<StageSpec> stages, List<String> platforms, BuildLog log)
      throws IOException {
    if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Set<String> keys = new TreeSet<>();
    for (StageSpec stage : stages) {
      for (StepSpec step : stage.steps()) {
        if (step instanceof StepSpec.Debian debian
            && debian.lockFile().toAbsolutePath().normalize().equals(lockFile)) {
          for (String platform : platforms) {
            DebianRequest request = DebianStepExecutor.request(debian, platform, debian.where());
            keys.add(
                RepositorySettings.of(request, AptSources.read(DebianStepExecutor.ETC_APT))
                    .lockKey(request));
          }
        }
      }
    }
    List<String> dropped = DebianLock.read(lockFile).retainOnly(keys);
    boolean deleted = !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
    if (!dropped.isEmpty()) {
      log.info(
          "Dropped from "
              + lockFile
              + " the packages of requests no debian step makes any more: ["
              + String.join("], [", dropped)
              + "]"
              + (deleted ? "; no section was left, so the file was deleted" : ""));
    }
  }
}
