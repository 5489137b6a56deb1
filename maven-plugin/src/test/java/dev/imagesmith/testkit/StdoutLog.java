package dev.imagesmith.testkit;

import dev.imagesmith.event.BuildLog;

/**
 * A {@link BuildLog} onto standard output, for the mains a test starts in a child JVM (the test
 * reads their output): info as is, {@code WARNING } before a warning, {@code " | "} before a
 * command's output line, debug dropped.
 */
public final class StdoutLog implements BuildLog {
  @Override
  public void info(String message) {
    System.out.println(message);
  }

  @Override
  public void warn(String message) {
    System.out.println("WARNING " + message);
  }

  @Override
  public void debug(String message) {}

  @Override
  public void commandOutput(String line) {
    System.out.println("  | " + line);
  }
}
