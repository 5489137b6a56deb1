package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.isolation.CacheBind;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a stage-isolated step's cache mounts go: each {@code <target>} resolved inside the stage
 * (securejoin), as the command itself would resolve it, so a symlink the stage holds at or above
 * the target ({@code /root/.ccache -> /home/me/.ccache}) leads to a path of the stage, never to the
 * host's. The mechanism then mounts at that resolved path, which has no symlink component left.
 */
final class CacheTargets {
  /** A cache mount's stage path, as messages name it. */
  private static final String TARGET = ConfigPaths.POM.steps().cacheTarget();

  private CacheTargets() {}

  /**
   * @param caches each cache mount of the step and its host directory, in the step's order
   * @throws UserInputException for a cache without a target, or one that resolves to {@code /},
   *     {@code /proc}, {@code /dev}, a file, or the place of another cache of the step
   */
  static List<CacheBind> resolve(Sandbox sandbox, Map<CacheMount, Path> caches, String describe)
      throws IOException {
    List<CacheBind> binds = new ArrayList<>();
    for (Map.Entry<CacheMount, Path> entry : caches.entrySet()) {
      CacheMount cache = entry.getKey();
      if (cache.target() == null) {
        throw new UserInputException(
            cache.where()
                + ": a stage-isolated run step mounts each cache at its "
                + TARGET
                + ", the stage path the command uses, for example "
                + ConfigPaths.written(TARGET, "/root/.ccache"));
      }
      Sandbox.Resolved resolved = sandbox.resolve(cache.target());
      String path = resolved.imagePath();
      String named =
          TARGET
              + " '"
              + cache.target()
              + "'"
              + (path.equals(ImagePaths.lexicalClean(cache.target()))
                  ? ""
                  : " (a link in the stage leads it to " + path + ")");
      if (path.equals("/")
          || ImagePaths.isWithin(path, "/proc")
          || ImagePaths.isWithin(path, "/dev")) {
        throw new UserInputException(
            cache.where()
                + ": "
                + named
                + " would cover the stage's "
                + (path.equals("/") ? "root" : path)
                + ", which the step needs for itself: mount the cache at a directory of its own,"
                + " for example "
                + ConfigPaths.written(TARGET, "/root/.cache"));
      }
      BasicFileAttributes existing = StageTargets.attributesOrNull(resolved.hostPath());
      if (existing != null && !existing.isDirectory()) {
        throw new UserInputException(
            cache.where()
                + ": "
                + named
                + " is a file in the stage, and a cache is mounted as a directory: choose another"
                + " "
                + TARGET
                + ", or remove the file in an earlier step");
      }
      for (CacheBind other : binds) {
        if (ImagePaths.isWithin(path, other.target())
            || ImagePaths.isWithin(other.target(), path)) {
          throw new UserInputException(
              cache.where()
                  + ": "
                  + named
                  + " overlaps the cache mounted at "
                  + other.target()
                  + " by the same step: give each cache a directory of its own");
        }
      }
      binds.add(new CacheBind(entry.getValue(), path));
    }
    return binds;
  }
}
