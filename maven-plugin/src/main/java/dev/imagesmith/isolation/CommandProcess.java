package dev.imagesmith.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host process that carries a run step: started with exactly the given environment and an empty
 * standard input, its merged output handed on line by line on the calling thread, stopped (with
 * everything it started, by {@code killTree}) when the timeout is reached, the calling thread is
 * interrupted or the JVM shuts down.
 */
final class CommandProcess {
  private static final String EOF = new String("end of output"); // compared by identity

  /** What the step process did. */
  record Outcome(int exitCode, boolean timedOut) {}

  /** Talks to the process before it may go on; {@code firstLine} is its first line of output. */
  interface Handshake {
    void perform(Process process, String firstLine, OutputStream stdin) throws IOException;
  }

  /** Stops the process and every process it started; called at most once. */
  interface TreeKiller {
    void kill(Process process);
  }

  private CommandProcess() {}

  /**
   * @param handshake {@code null} when the process needs none; its standard input is then closed at
   *     once
   * @param timeout {@code null} for none
   */
  static Outcome run(
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Handshake handshake,
      Duration timeout,
      Consumer<String> output,
      TreeKiller killer)
      throws IOException {
    return run(argv, environment, directory, handshake, timeout, output, killer, null);
  }

  /**
   * @param watcher {@code null}, or what watches the started process from a thread of its own
   *     (proot's: kills what the command left running once its first process ended)
   */
  static Outcome run(
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Handshake handshake,
      Duration timeout,
      Consumer<String> output,
      TreeKiller killer,
      Consumer<Process> watcher)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.directory(directory.toFile());
    Process process = builder.start();
    Thread hook = new Thread(() -> killer.kill(process), "imagesmith-run-step-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> pump(process, lines), "imagesmith-run-step-output");
    reader.setDaemon(true);
    reader.start();
    if (watcher != null) {
      Thread watching = new Thread(() -> watcher.accept(process), "imagesmith-run-step-watch");
      watching.setDaemon(true);
      watching.start();
    }
    boolean finished = false;
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      if (handshake != null) {
        String first = next(lines, deadline);
        handshake.perform(process, first == EOF ? null : first, process.getOutputStream());
      }
      process.getOutputStream().close();
      for (String line; (line = next(lines, deadline)) != EOF; ) {
        if (line == null) {
          killer.kill(process);
          drain(lines);
          process.waitFor();
          finished = true;
          return new Outcome(process.exitValue(), true);
        }
        output.accept(line);
      }
      int exit = process.waitFor();
      finished = true;
      return new Outcome(exit, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the run step was running");
    } finally {
      if (!finished) {
        killer.kill(process);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
  }

  /** The next line, {@link #EOF} at the end, {@code null} when the deadline passed. */
  /**
   * Kills {@code process} and waits for it: the whole tree where it leads a namespace whose other
   * processes die with it.
   */
  static void killAndWait(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String next(BlockingQueue<String> lines, long deadline)
      throws InterruptedException {
    if (deadline == Long.MAX_VALUE) {
      return lines.take();
    }
    long left = deadline - System.nanoTime();
    return left <= 0 ? lines.poll() : lines.poll(left, TimeUnit.NANOSECONDS);
  }

  /** Waits (a little) for the output of a killed process to end. */
  private static void drain(BlockingQueue<String> lines) throws InterruptedException {
    for (String line; (line = lines.poll(5, TimeUnit.SECONDS)) != null && line != EOF; ) {
      // dropped: the step timed out, its last words do not matter
    }
  }

  private static void pump(Process process, BlockingQueue<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process was killed or its pipe closed: the end of output either way
    } finally {
      lines.add(EOF);
    }
  }
}
