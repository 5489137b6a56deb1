package dev.imagesmith.registry;

import dev.imagesmith.event.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link BuildLog} that keeps every line, for assertions. */
final class Lines implements BuildLog {
  final List<String> all = new CopyOnWriteArrayList<>();

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

  String text() {
    return String.join("\n", all);
  }
}
