package dev.imagesmith.event;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A long step's lines ({@link Progress#stillRunning}): how long it has run, nothing else. */
class StepProgressTest {
  @Test
  void progress_longStep_saysItIsStillRunningUntilClosed() throws Exception {
    CountDownLatch twoLines = new CountDownLatch(2);
    List<String> infos = Collections.synchronizedList(new ArrayList<>());
    BuildLog log =
        new BuildLog() {
          @Override
          public void info(String message) {
            infos.add(message);
            twoLines.countDown();
          }

          @Override
          public void warn(String message) {}

          @Override
          public void debug(String message) {}
        };

    // The "step" waits for the progress lines themselves, so no timing is assumed.
    try (Progress progress =
        Progress.stillRunning(log, "stage 'b', step <run>[1]", Duration.ofMillis(5))) {
      assertTrue(twoLines.await(60, TimeUnit.SECONDS), "two progress lines");
    }
    List<String> lines;
    synchronized (infos) {
      lines = new ArrayList<>(infos);
    }
    assertTrue(
        lines.stream()
            .allMatch(
                line ->
                    line.matches(
                        "  \\.\\.\\. stage 'b', step <run>\\[1\\] still running after \\d+ s")),
        lines.toString());
  }
}
