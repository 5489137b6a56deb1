package dev.imagesmith.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Progress lines the Maven way (issue 17): quiet for short work, then at most one plain line per
 * interval with bytes, share and rate, and a summary with bytes and rate for the caller's last
 * line.
 */
class ProgressTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final BuildLog log =
      new BuildLog() {
        @Override
        public void info(String message) {
          lines.add(message);
        }

        @Override
        public void warn(String message) {
          lines.add("WARN " + message);
        }

        @Override
        public void debug(String message) {
          lines.add("DEBUG " + message);
        }
      };

  @Test
  void shortWork_printsNoLine() throws Exception {
    try (Progress progress =
        new Progress(log, "copying", 1000, () -> 1000, Duration.ofSeconds(5))) {
      Thread.sleep(50);
    }
    Thread.sleep(100);
    assertEquals(List.of(), lines);
  }

  @Test
  void longWork_aPlainLinePerInterval_withBytesShareAndRate() throws Exception {
    AtomicLong done = new AtomicLong();
    String summary;
    try (Progress progress =
        new Progress(log, "Pulling x layer 1/1", 2_000_000, done::get, Duration.ofMillis(200))) {
      for (int i = 1; i <= 10; i++) {
        Thread.sleep(100);
        done.set(i * 150_000L);
      }
      summary = progress.summary();
    }
    int printed = lines.size();
    Thread.sleep(500);

    assertEquals(printed, lines.size(), "no line after close");
    assertTrue(printed >= 3 && printed <= 6, "one line per 200 ms over 1 s: " + lines);
    for (String line : lines) {
      assertTrue(
          line.matches(
              "  \\.\\.\\. Pulling x layer 1/1: [0-9.]+ (B|kB|MB) of 2\\.0 MB \\([0-9]{1,3}%\\),"
                  + " [0-9.]+ (B|kB|MB)/s"),
          line);
      assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "no control character");
    }
    assertTrue(summary.matches("1\\.5 MB at [0-9.]+ (kB|MB)/s"), summary);
  }

  @Test
  void unknownTotal_bytesAndRateOnly() throws Exception {
    try (Progress progress =
        new Progress(log, "Layer b:/x", -1, () -> 42_000, Duration.ofMillis(50))) {
      Thread.sleep(180);
    }
    assertTrue(
        lines.get(0).matches("  \\.\\.\\. Layer b:/x: 42\\.0 kB, [0-9.]+ (kB|MB)/s"),
        lines.toString());
  }

  @Test
  void bytes_decimalUnitsLikeTheSizeTable() {
    assertEquals("999 B", Progress.bytes(999));
    assertEquals("1.0 kB", Progress.bytes(1000));
    assertEquals("12.3 MB", Progress.bytes(12_345_678));
    assertEquals("4.0 GB", Progress.bytes(4_000_000_000L));
  }
}
