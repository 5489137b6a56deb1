package dev.imagesmith.event;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The progress of one transfer, compression or long step, the Maven way: plain lines that a CI log
 * ({@code -B}) reads well, never a carriage return, a bar or any other control character. While the
 * work runs, at most one line per interval says how far it is ({@code ... 12.3 MB of 40.0 MB (31%),
 * 8.1 MB/s}); work that ends within the first interval prints none. When it ends, the caller prints
 * its own last line with {@link #summary()} ({@code 40.0 MB at 8.1 MB/s}), as Maven's {@code
 * Downloaded from central: ... (40 kB at 1.2 MB/s)} does. Work without a byte count says only how
 * long it has been running ({@link #stillRunning}).
 */
public final class Progress implements AutoCloseable {
  /** Often enough that a long transfer never looks stuck, rarely enough for a CI log. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /**
   * How often a long step says it is still running ({@link #stillRunning}): long enough that quick
   * steps print nothing, short enough that a CI log never looks stuck.
   */
  public static final Duration STEP_INTERVAL = Duration.ofSeconds(10);

  /** One daemon thread for every progress of the JVM: it only formats and logs. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "imagesmith-progress-lines");
            thread.setDaemon(true); // never keeps Maven's JVM alive
            return thread;
          });

  private final long total;
  private final LongSupplier done;
  private final long started = System.nanoTime();
  private final ScheduledFuture<?> ticking;

  /**
   * Starts the lines.
   *
   * @param what the work as the lines name it ({@code Pulling example.org/base:1 layer 2/3})
   * @param total the bytes expected, or a negative number when unknown
   * @param done the bytes so far; asked from another thread, so it must be safe to call there
   */
  public Progress(BuildLog log, String what, long total, LongSupplier done, Duration interval) {
    this(log, total, done, interval, progress -> what + ": " + progress.line(done.getAsLong()));
  }

  private Progress(
      BuildLog log,
      long total,
      LongSupplier done,
      Duration interval,
      Function<Progress, String> line) {
    this.total = total;
    this.done = done;
    long millis = Math.max(1, interval.toMillis());
    this.ticking =
        TIMER.scheduleAtFixedRate(
            () -> log.info("  ... " + line.apply(this)), millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Work whose amount nobody counts (a step running a command): every {@code interval} a line
   * {@code ... stage 'b', step <run>[1] still running after 20 s}; none for work that ends within
   * the first interval.
   *
   * @param what the work as the lines name it
   */
  public static Progress stillRunning(BuildLog log, String what, Duration interval) {
    return new Progress(
        log,
        -1,
        () -> 0,
        interval,
        progress -> what + " still running after " + progress.seconds() + " s");
  }

  /** With the {@link #DEFAULT_INTERVAL}. */
  public Progress(BuildLog log, String what, long total, LongSupplier done) {
    this(log, what, total, done, DEFAULT_INTERVAL);
  }

  /** {@code 40.0 MB at 8.1 MB/s}: the bytes so far and their rate since the start. */
  public String summary() {
    long bytes = done.getAsLong();
    return bytes(bytes) + " at " + rate(bytes);
  }

  /** Stops the lines; the summary stays available. */
  @Override
  public void close() {
    ticking.cancel(false);
  }

  private String line(long bytes) {
    String amount =
        total > 0
            ? bytes(bytes)
                + " of "
                + bytes(total)
                + " ("
                + Math.min(100, bytes * 100 / total)
                + "%)"
            : bytes(bytes);
    return amount + ", " + rate(bytes);
  }

  private long seconds() {
    return Math.round((System.nanoTime() - started) / 1e9);
  }

  private String rate(long bytes) {
    double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
    return bytes(Math.round(bytes / seconds)) + "/s";
  }

  /** Decimal units, as the size table and Maven's transfer lines use them: {@code 12.3 MB}. */
  public static String bytes(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes / 1000.0;
    int unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
