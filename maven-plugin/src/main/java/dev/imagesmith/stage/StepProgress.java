package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Says that a long step is still running, every {@code interval}, in plain lines a CI log reads
 * well ({@code -B}): no carriage returns, no bars. Quiet for steps that end within the first
 * interval. Close it when the step ends.
 */
public final class StepProgress implements AutoCloseable {
  /** Long enough that quick steps print nothing, short enough that a CI log never looks stuck. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final ScheduledExecutorService timer;
  private final long started = System.nanoTime();

  /**
   * @param what the step as messages name it, for example {@code stage 'builder', step <run>[1]}
   */
  public StepProgress(BuildLog log, String what, Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "imagesmith-progress");
              thread.setDaemon(true); // never keeps Maven's JVM alive
              return thread;
            });
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(
        () ->
            log.info(
                "  ... "
                    + what
                    + " still running after "
                    + Math.round((System.nanoTime() - started) / 1e9)
                    + " s"),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
