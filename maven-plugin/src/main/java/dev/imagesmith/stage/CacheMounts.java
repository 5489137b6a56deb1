package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.isolation.IsolationProbe;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where the cache mounts of run steps live and who may use one: {@code
 * <cacheDirectory>/mounts/<id>} (mode 0755 below a {@code mounts} of mode 0700, so other host users
 * read nothing of it), one writer at a time ({@link CacheMountLock}, held for the whole step; a
 * second build waits, says so, and gives up after {@link CacheMountsSpec#maxWait()}).
 *
 * <p>A cache mount is the same directory for every build of this user that names its id, whatever
 * the project: what one build's command leaves there, the next one's reads. Its content is not part
 * of the stage cache's key (that is the point of it), so a stage whose output depends on it is
 * reproducible only as far as the cache is.
 *
 * <p>Every directory of ours here is vetted as a real directory ({@link OwnDirectories}); the
 * content of a mount is the commands', never followed: it is emptied without following a link, and
 * a stage-isolated step's foreign owners in it are given back after each step ({@code pid1.sh}).
 */
public final class CacheMounts {
  /** The directory below the cache directory that holds the mounts. */
  public static final String DIRECTORY = "mounts";

  /** Below {@link #DIRECTORY}: the lock files, one per id (ids never start with a dot). */
  static final String LOCKS = ".locks";

  private final Path cacheDirectory;
  private final CacheMountsSpec settings;
  private final BuildLog log;

  /**
   * @param cacheDirectory the user's cache (vetted by the caller), or {@code null} when this run
   *     has none: a step that names a cache mount then fails
   */
  public CacheMounts(Path cacheDirectory, CacheMountsSpec settings, BuildLog log) {
    this.cacheDirectory = cacheDirectory;
    this.settings = settings == null ? CacheMountsSpec.DEFAULT : settings;
    this.log = log;
  }

  /** No cache directory: for runs that have none (tests of other things). */
  static CacheMounts none() {
    return new CacheMounts(null, CacheMountsSpec.DEFAULT, BuildLog.silent());
  }

  /** The directory of a mount, made on first use. */
  Path directory(String id) throws IOException {
    Path mounts = mounts();
    Path directory = mounts.resolve(id);
    if (!OwnDirectories.exists(mounts, directory)) {
      OwnDirectories.ensure(mounts, directory);
      // What a stage-isolated command sees as its mount's root: root's, 0755, as in BuildKit.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return directory;
  }

  private Path mounts() throws IOException {
    if (cacheDirectory == null) {
      throw new IllegalStateException("no cache directory for cache mounts");
    }
    Path mounts = cacheDirectory.resolve(DIRECTORY);
    if (!OwnDirectories.exists(cacheDirectory, mounts)) {
      OwnDirectories.ensure(cacheDirectory, mounts);
      Files.setPosixFilePermissions(mounts, PosixFilePermissions.fromString("rwx------"));
    }
    return mounts;
  }

  /**
   * Empties every cache mount a run step of {@code stages} names, each under its lock, when the
   * settings say so ({@code image.cacheMounts.clear}); does nothing otherwise.
   */
  public void clearIfAsked(List<StageSpec> stages) throws IOException {
    if (!settings.clear()) {
      return;
    }
    TreeSet<String> ids = new TreeSet<>();
    for (StageSpec stage : stages) {
      for (StepSpec step : stage.steps()) {
        if (step instanceof StepSpec.Run run) {
          run.caches().forEach(cache -> ids.add(cache.id()));
        }
      }
    }
    for (String id : ids) {
      Path directory = directory(id);
      try (CacheMountLock lock = lock(id, "image.cacheMounts.clear")) {
        empty(directory);
      }
      log.info("Cache mount '" + id + "' emptied (image.cacheMounts.clear): " + directory);
    }
  }

  /**
   * Deletes everything in {@code directory}, never following a link. Files a killed stage-isolated
   * step left to ids of the user's subordinate range are given back first.
   */
  private static void empty(Path directory) throws IOException {
    try {
      deleteChildren(directory);
    } catch (FileSystemException e) {
      if (!IsolationProbe.reclaim(directory)) {
        throw e;
      }
      deleteChildren(directory);
    }
  }

  private static void deleteChildren(Path directory) throws IOException {
    List<Path> children;
    try (var list = Files.list(directory)) {
      children = list.toList();
    }
    for (Path child : children) {
      HostFiles.deleteTree(child);
    }
  }

  /**
   * Locks every cache mount of {@code step}, in the order of their ids (two builds never wait for
   * each other crosswise), and makes their directories.
   *
   * @param describe the step, for the log and messages
   * @throws UserInputException when one stays held by another build longer than the wait
   */
  Held acquire(StepSpec.Run step, String describe) throws IOException {
    if (step.caches().isEmpty()) {
      return new Held(Map.of(), List.of());
    }
    if (cacheDirectory == null) {
      throw new IllegalStateException(describe + ": cache mounts need a cache directory");
    }
    List<CacheMount> sorted = new ArrayList<>(step.caches());
    sorted.sort(Comparator.comparing(CacheMount::id));
    List<CacheMountLock> locks = new ArrayList<>();
    Map<CacheMount, Path> directories = new LinkedHashMap<>();
    try {
      for (CacheMount cache : sorted) {
        Path directory = directory(cache.id());
        locks.add(lock(cache.id(), describe));
        directories.put(cache, directory);
      }
    } catch (IOException | RuntimeException e) {
      new Held(Map.of(), locks).close();
      throw e;
    }
    Map<CacheMount, Path> inStepOrder = new LinkedHashMap<>();
    step.caches().forEach(cache -> inStepOrder.put(cache, directories.get(cache)));
    return new Held(inStepOrder, locks);
  }

  private CacheMountLock lock(String id, String describe) throws IOException {
    Path locks = OwnDirectories.ensure(mounts(), mounts().resolve(LOCKS));
    return CacheMountLock.acquire(
        locks.resolve(id), id, mounts().resolve(id), settings.maxWait(), describe, log);
  }

  /** The cache mounts of one step, locked until closed. */
  static final class Held implements AutoCloseable {
    private final Map<CacheMount, Path> directories;
    private final List<CacheMountLock> locks;

    private Held(Map<CacheMount, Path> directories, List<CacheMountLock> locks) {
      this.directories = directories;
      this.locks = locks;
    }

    /** Each mount of the step, in the step's order, with its host directory. */
    Map<CacheMount, Path> directories() {
      return directories;
    }

    /** {@code IMAGESMITH_CACHE_<ID>} to the host directory, for a step on the host. */
    Map<String, String> variables() {
      Map<String, String> variables = new LinkedHashMap<>();
      directories.forEach((cache, path) -> variables.put(cache.variable(), path.toString()));
      return variables;
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (int i = locks.size() - 1; i >= 0; i--) {
        try {
          locks.get(i).close();
        } catch (IOException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
