package dev.imagesmith.store;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.io.RemovableLock;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the writers of one published target: a lock file {@code .<name>.lock} beside it
 * (across processes, deleted with the lock by {@link RemovableLock} so no empty lock file stays
 * beside the outputs) and a lock object (across threads of this JVM, which one process's file lock
 * does not separate). Under the lock no other writer of the target runs, so every temporary of that
 * target that is still there ({@code .<name>.tmp-*}, {@code .<name>.old-*}) is a killed writer's
 * leftover and is removed at once, whatever its age.
 */
final class TargetLock {
  interface Action {
    void run() throws IOException;
  }

  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private TargetLock() {}

  static void run(Path target, Action action) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(target, k -> new ReentrantLock());
    jvmLock.lock();
    try (RemovableLock ignored =
        RemovableLock.acquire(parent.resolve("." + target.getFileName() + ".lock"))) {
      removeLeftovers(target);
      action.run();
    } finally {
      jvmLock.unlock();
    }
  }

  /** The prefix of a directory set aside while its replacement moves in. */
  static String oldPrefix(Path target) {
    return "." + target.getFileName() + ".old-";
  }

  private static void removeLeftovers(Path target) throws IOException {
    String temporary = TempNames.prefixOf(target.getFileName().toString());
    String old = oldPrefix(target);
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent())) {
      for (Path sibling : siblings) {
        String name = sibling.getFileName().toString();
        if (name.startsWith(temporary) || name.startsWith(old)) {
          HostFiles.deleteTree(sibling);
        }
      }
    }
  }
}
