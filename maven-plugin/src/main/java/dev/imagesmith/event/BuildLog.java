package dev.imagesmith.event;

/**
 * Where the engine reports progress. The engine never prints; the Maven layer forwards these lines
 * to Maven's log, tests collect them.
 */
public interface BuildLog {
  void info(String message);

  void warn(String message);

  void debug(String message);

  /** A line printed by a user's {@code run} command. */
  default void commandOutput(String line) {
    info("  | " + line);
  }

  /** A log that drops everything, for tests that do not look. */
  static BuildLog silent() {
    return new BuildLog() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {}

      @Override
      public void debug(String message) {}
    };
  }
}
