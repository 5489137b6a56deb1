package dev.imagesmith.isolation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes a tracer (proot) traces, read from {@code TracerPid} in {@code /proc/PID/status}.
 */
final class TracedProcesses {
  private TracedProcesses() {}

  static List<ProcessHandle> of(long tracer) {
    List<ProcessHandle> traced = new ArrayList<>();
    String wanted = "TracerPid:\t" + tracer;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          for (String line : Files.readAllLines(process.resolve("status"))) {
            if (line.equals(wanted)) {
              ProcessHandle.of(Long.parseLong(process.getFileName().toString()))
                  .ifPresent(traced::add);
              break;
            }
            if (line.startsWith("TracerPid:")) {
              break;
            }
          }
        } catch (IOException | NumberFormatException e) {
          // gone meanwhile, or not a process
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to find
    }
    return traced;
  }
}
