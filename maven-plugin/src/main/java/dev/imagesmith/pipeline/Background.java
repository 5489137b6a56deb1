package dev.imagesmith.pipeline;

import dev.imagesmith.io.TaskFailures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One piece of a build done on a thread of its own beside the main one (the SBOM and provenance
 * beside the checks: after the layers are compressed one of the two cores would idle). {@link
 * #await} gives its result or throws what it threw, as if it had run in place.
 *
 * @param <T> its result
 */
final class Background<T> {
  /** The work that may throw what the build's own code throws. */
  @FunctionalInterface
  interface Work<T> {
    T call() throws IOException;
  }

  private final String name;
  private final FutureTask<T> task;

  private Background(String name, Work<T> work) {
    Callable<T> callable = work::call;
    this.name = name;
    this.task = new FutureTask<>(callable);
  }

  /** Starts {@code work} on a daemon thread named {@code name}. */
  static <T> Background<T> start(String name, Work<T> work) {
    Background<T> background = new Background<>(name, work);
    Thread thread = new Thread(background.task, name);
    thread.setDaemon(true);
    thread.start();
    return background;
  }

  /** Waits for the work: its result, or what it threw. */
  T await() throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + name);
    } catch (ExecutionException e) {
      throw TaskFailures.rethrow(e, name);
    }
  }

  /**
   * Waits for the work and drops its outcome: when the build already failed, nothing of it may
   * still run (it moves files in the output directory) while the failure is reported.
   */
  void settle() {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // The build's own failure is the one to report.
    }
  }
}
