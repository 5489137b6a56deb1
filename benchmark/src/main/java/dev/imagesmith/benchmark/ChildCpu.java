package dev.imagesmith.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) of the benchmark's finished child processes, from {@code
 * /proc/self/stat}'s {@code cutime} and {@code cstime}: the kernel adds a child's time, and that of
 * every descendant it waited for, when the child is reaped. Read before and after one command, the
 * difference is that command's CPU, whatever the machine's load did to its wall time: on a machine
 * kept busy, a CPU-bound build's wall time is its CPU time over the cores, and the CPU says which
 * part of a wall ratio is work and which is waiting.
 */
final class ChildCpu {
  private static final double TICKS_PER_SECOND = ticksPerSecond();

  private ChildCpu() {}

  /** Seconds of CPU the children reaped so far used, at a resolution of one clock tick. */
  static double seconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 16 and 17 of proc(5), the 14th and 15th after the name.
    long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return ticks / TICKS_PER_SECOND;
  }

  private static double ticksPerSecond() {
    try {
      return Double.parseDouble(Shell.exec("getconf", "CLK_TCK").trim());
    } catch (IOException | InterruptedException | NumberFormatException e) {
      // USER_HZ is 100 on every Linux architecture the benchmark runs on.
      return 100;
    }
  }
}
