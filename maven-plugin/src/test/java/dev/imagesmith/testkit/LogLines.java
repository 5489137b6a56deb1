package dev.imagesmith.testkit;

import dev.imagesmith.event.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link BuildLog} that keeps every line with its level, for assertions in any package. */
public final class LogLines implements BuildLog {
  private final List<String> all = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    all.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    all.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
    all.add("DEBUG " + message);
  }

  /** The lines so far, each with its level ({@code "WARN ..."}). */
  public List<String> lines() {
    return List.copyOf(all);
  }

  /** The lines so far, without their level. */
  public List<String> messages() {
    return all.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
  }

  /** The info lines so far, without the level. */
  public List<String> infos() {
    return all.stream().filter(l -> l.startsWith("INFO ")).map(l -> l.substring(5)).toList();
  }

  /** The warnings so far, without the level. */
  public List<String> warnings() {
    return all.stream().filter(l -> l.startsWith("WARN ")).map(l -> l.substring(5)).toList();
  }

  /** Every line, one per line, for failure messages. */
  public String text() {
    return String.join("\n", all);
  }
}
