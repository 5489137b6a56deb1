package dev.imagesmith.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Named pipes for the cases where an input holds a FIFO instead of a file. Opening a FIFO for
 * reading blocks until a writer comes, and no Java interrupt wakes a blocked {@code open(2)}: so
 * the code under test runs on its own thread, and if it is still blocked after a while the pipe is
 * opened for writing (which releases it) and the test fails, instead of hanging the test JVM.
 */
public final class Fifo {
  private static final long SECONDS = 10;

  private Fifo() {}

  /** Makes a FIFO at {@code path} with the real {@code mkfifo}. */
  public static Path make(Path path) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "no mkfifo here");
    Process process =
        new ProcessBuilder("/usr/bin/mkfifo", path.toString()).redirectErrorStream(true).start();
    if (process.waitFor() != 0) {
      fail("mkfifo " + path + ": " + new String(process.getInputStream().readAllBytes()));
    }
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      fail(path + " is not a FIFO");
    }
    return path;
  }

  /**
   * Runs {@code call}, which must not block on {@code fifo}; returns what it returns and rethrows
   * what it throws.
   */
  public static <T> T mustNotBlock(Path fifo, Callable<T> call) throws Throwable {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "fifo-case");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<T> result = thread.submit(call);
      try {
        return result.get(SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        new FileOutputStream(fifo.toFile()).close(); // a writer releases the blocked reader
        return fail("blocked for " + SECONDS + " s opening the FIFO " + fifo + " for reading");
      } catch (ExecutionException e) {
        throw e.getCause();
      }
    } finally {
      thread.shutdownNow();
    }
  }
}
