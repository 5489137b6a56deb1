package dev.imagesmith.testkit;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.isolation.IsolationProbe;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deletes a stage directory that holds files of other owners the way {@code StageBuilder} does:
 * prints {@code denied} when a plain delete fails, then reclaims and deletes, printing {@code
 * deleted} when the directory is gone. Argument: the stage directory.
 */
public final class ReclaimMain {
  private ReclaimMain() {}

  public static void main(String[] args) throws Exception {
    Path stage = Path.of(args[0]);
    try {
      HostFiles.deleteTree(stage);
    } catch (FileSystemException e) {
      System.out.println("denied");
      System.out.println("reclaimed=" + IsolationProbe.reclaim(stage));
      HostFiles.deleteTree(stage);
    }
    System.out.println(Files.exists(stage) ? "still there" : "deleted");
  }
}
