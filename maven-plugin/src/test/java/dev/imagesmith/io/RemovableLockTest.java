package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file is gone after use, and the lock still excludes: separate JVMs (a JVM holds a file's
 * lock once, so threads cannot show this) each add 1 to a counter file many times under the lock,
 * with a pause between reading and writing it. Without the check that the name still leads to the
 * locked file, a process that opened the file before its holder deleted it locks the deleted file
 * while another locks the new one, and increments are lost.
 */
class RemovableLockTest {
  private static final int PROCESSES = 4;
  private static final int ROUNDS = 150;

  @TempDir Path temp;

  /** A child JVM: {@code LOCK COUNTER ROUNDS}; starts when the file {@code COUNTER.go} exists. */
  public static void main(String[] args) throws Exception {
    Path lock = Path.of(args[0]);
    Path counter = Path.of(args[1]);
    while (!Files.exists(Path.of(args[1] + ".go"))) {
      Thread.sleep(1); // all start together, so that they contend from the first round
    }
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      try (RemovableLock held = RemovableLock.acquire(lock)) {
        int value = Integer.parseInt(Files.readString(counter, StandardCharsets.UTF_8).trim());
        Thread.sleep(1);
        Files.writeString(counter, Integer.toString(value + 1), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void processesTakingTurns_loseNoUpdate_andLeaveNoLockFile() throws Exception {
    Path lock = temp.resolve(".image.tar.lock");
    Path counter = Files.writeString(temp.resolve("counter"), "0");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  RemovableLockTest.class.getName(),
                  lock.toString(),
                  counter.toString(),
                  Integer.toString(ROUNDS))
              .redirectErrorStream(true)
              .redirectOutput(temp.resolve("child-" + i + ".log").toFile())
              .start());
    }
    Thread.sleep(1000); // the JVMs start
    Files.createFile(temp.resolve("counter.go"));
    for (int i = 0; i < PROCESSES; i++) {
      Process child = children.get(i);
      if (!child.waitFor(5, TimeUnit.MINUTES)) {
        child.destroyForcibly();
      }
      assertEquals(
          0,
          child.exitValue(),
          Files.readString(temp.resolve("child-" + i + ".log"), StandardCharsets.UTF_8));
    }
    assertEquals(
        Integer.toString(PROCESSES * ROUNDS), Files.readString(counter, StandardCharsets.UTF_8));
    assertFalse(Files.exists(lock, LinkOption.NOFOLLOW_LINKS), "the lock file went with the lock");
  }

  @Test
  void aLinkAtTheName_isReplacedAndTheTargetNeverCreated() throws Exception {
    Path victim = temp.resolve("victim");
    Path lock = Files.createSymbolicLink(temp.resolve(".oci.lock"), victim);
    try (RemovableLock held = RemovableLock.acquire(lock)) {
      assertFalse(Files.isSymbolicLink(lock));
    }
    assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(lock, LinkOption.NOFOLLOW_LINKS));
    assertFalse(new File(temp.toFile(), "victim").exists());
  }
}
