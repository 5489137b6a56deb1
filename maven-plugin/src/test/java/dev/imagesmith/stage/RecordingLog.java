package dev.imagesmith.stage;

import dev.imagesmith.event.BuildLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link BuildLog} that keeps what it is told, for assertions. */
final class RecordingLog implements BuildLog {
  final List<String> infos = Collections.synchronizedList(new ArrayList<>());
  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final List<String> commandOutput = Collections.synchronizedList(new ArrayList<>());
  final List<String> debugs = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public void debug(String message) {
    debugs.add(message);
  }

  /** Every line, of every level, in one text. */
  String all() {
    return String.join("\n", infos)
        + "\n"
        + String.join("\n", warnings)
        + "\n"
        + String.join("\n", debugs)
        + "\n"
        + String.join("\n", commandOutput);
  }

  @Override
  public void commandOutput(String line) {
    commandOutput.add(line);
  }
}
