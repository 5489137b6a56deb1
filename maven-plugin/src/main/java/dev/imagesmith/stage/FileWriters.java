package dev.imagesmith.stage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the regular files of one copy step on a few threads while the step's walk goes on. A large
 * copy waits mostly in the kernel, creating files (a file system journal busy with the bytes
 * written before), not in the CPU: several creations wait together. Everything else stays on the
 * walk's thread, in the walk's order (targets resolved and cleared, directories, links, metadata),
 * and a target this writer has not finished, or one that exists already, is waited for first: the
 * stage is then as the one-thread copy leaves it, file for file.
 */
final class FileWriters implements AutoCloseable {
  /** Threads: creations waiting on the disk, not cores. */
  static final int THREADS = 4;

  /** A file's writing, run on a writer thread. */
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  private final ExecutorService pool;
  private final Map<Path, Future<?>> pending = new LinkedHashMap<>();

  FileWriters() {
    pool =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, "imagesmith-copy");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Before the walk touches {@code host}: waits for every write if one is writing it or it exists
   * already (it is then replaced, or refused, exactly as in a copy on one thread).
   */
  void settle(Path host) throws IOException {
    if (pending.containsKey(host) || Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
      finish();
    }
  }

  /** Writes {@code host} with {@code write} on a writer thread. */
  Future<?> submit(Path host, Write write) {
    Future<?> future =
        pool.submit(
            () -> {
              try {
                write.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return null;
            });
    pending.put(host, future);
    return future;
  }

  /** Waits for one write (a hardlink's first name); its failure is thrown here. */
  static void await(Future<?> write) throws IOException {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying into the stage");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime; // a UserInputException naming the file
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("could not copy into the stage: " + cause, cause);
    }
  }

  /** Waits for every write; the first failure (in submission order) is thrown. */
  void finish() throws IOException {
    List<Future<?>> writes = new ArrayList<>(pending.values());
    pending.clear();
    IOException failure = null;
    RuntimeException runtimeFailure = null;
    for (Future<?> write : writes) {
      try {
        await(write);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      } catch (RuntimeException e) {
        runtimeFailure = runtimeFailure == null ? e : runtimeFailure;
      }
    }
    if (runtimeFailure != null) {
      throw runtimeFailure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Stops the threads: writes not started are dropped (the step failed; its stage is not kept), and
   * the one under way is waited for, so that nothing writes the stage after the step ended.
   */
  @Override
  public void close() throws InterruptedIOException {
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the stage's copy");
    }
  }
}
