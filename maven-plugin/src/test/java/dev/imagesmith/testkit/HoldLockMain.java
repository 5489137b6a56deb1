package dev.imagesmith.testkit;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process holding a lock file, as another Maven would: locks the file named by its argument
 * with {@code fcntl} (what {@code FileChannel.lock} does), prints {@code locked}, and holds it
 * until its standard input closes or it is killed.
 */
public final class HoldLockMain {
  private HoldLockMain() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel channel =
            FileChannel.open(
                Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the test closes our input
      }
    }
  }

  /** Starts this class in a new JVM holding {@code lockFile}; returns once it holds it. */
  public static Process start(Path lockFile) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                HoldLockMain.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    byte[] line = new byte[7];
    int read = process.getInputStream().readNBytes(line, 0, line.length);
    if (read != line.length
        || !new String(line, java.nio.charset.StandardCharsets.US_ASCII).equals("locked\n")) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the lock holder did not start: " + new String(line, 0, read));
    }
    return process;
  }
}
