package dev.imagesmith.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small, real stage root filesystem: the host's statically linked busybox (package {@code
 * busybox-static}) as {@code /bin/busybox} with a symlink per applet, so that {@code /bin/sh},
 * {@code ps}, {@code id}, {@code chown}, {@code nc} ... exist inside the stage and nothing of the
 * host's libraries is needed.
 */
public final class BusyboxStage {
  public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

  private BusyboxStage() {}

  /** Whether the host has a static busybox to copy. */
  public static boolean available() {
    try {
      if (!Files.isExecutable(HOST_BUSYBOX)) {
        return false;
      }
      Process file = new ProcessBuilder("file", "-L", HOST_BUSYBOX.toString()).start();
      String description = new String(file.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return file.waitFor() == 0 && description.contains("statically linked");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Fills {@code root} (an existing directory) with busybox, its applets, /tmp and /root. */
  public static void fill(Path root) throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(HOST_BUSYBOX, bin.resolve("busybox"));
    for (String applet : applets()) {
      Path link = bin.resolve(applet);
      if (!applet.equals("busybox") && !Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    Files.createDirectories(root.resolve("tmp"));
    Files.createDirectories(root.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
  }

  private static List<String> applets() throws IOException {
    try {
      Process list = new ProcessBuilder(HOST_BUSYBOX.toString(), "--list").start();
      String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (list.waitFor() != 0) {
        throw new IOException("busybox --list failed");
      }
      return names.lines().filter(name -> name.matches("[a-z0-9_.\\[-]+")).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
