package dev.imagesmith.io;

import java.io.IOException;
import java.util.concurrent.ExecutionException;

/** What a task on another thread threw, thrown again as if the task had run in place. */
public final class TaskFailures {
  private TaskFailures() {}

  /**
   * Throws the task's own {@link IOException}, {@link RuntimeException} or {@link Error}; anything
   * else (a checked exception the task's signature did not allow) comes back as an IOException that
   * says {@code what} failed, for the caller to throw.
   */
  public static IOException rethrow(ExecutionException failure, String what) throws IOException {
    Throwable cause = failure.getCause();
    if (cause instanceof IOException io) {
      throw io;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IOException(what + " failed: " + cause, cause);
  }
}
