package dev.imagesmith.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files put in place whole: the old one or the new one, never part of one, never beside it. */
class AtomicFileTest {
  @TempDir Path temp;

  @Test
  void write_replacesTheTarget_withTheModeAsked_andLeavesNoTemporary() throws Exception {
    Path target = temp.resolve("out/digest");
    AtomicFile.to(target).write("old".getBytes(StandardCharsets.UTF_8));
    assertEquals("rw-------", mode(target), "default: private, like a temporary file");
    AtomicFile.to(target).mode(0644).durable().write("new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(target));
    assertEquals("rw-r--r--", mode(target));
    assertEquals(List.of("digest"), names(target.getParent()));
  }

  @Test
  void O1_aFailingWriter_leavesTheOldFileAndNoTemporary() throws Exception {
    Path target = temp.resolve("image.json");
    Files.writeString(target, "old");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.to(target)
                    .write(
                        out -> {
                          out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                          throw new IOException("disk full");
                        }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("image.json"), names(temp));
  }

  @Test
  void W11_aLinkAtTheTarget_isReplacedAsALink_neverWrittenThrough() throws Exception {
    Path victim = Files.writeString(temp.resolve("victim.txt"), "precious");
    Path target = temp.resolve("out.txt");
    Files.createSymbolicLink(target, victim);
    AtomicFile.to(target).write("mine".getBytes(StandardCharsets.UTF_8));
    assertEquals("precious", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(target));
    assertEquals("mine", Files.readString(target));
  }

  @Test
  void fill_theFillerMakesTheFile_aHardLinkKeepsItsInode() throws Exception {
    Path source = Files.writeString(temp.resolve("blob"), "bytes");
    Path target = temp.resolve("work/blob");
    AtomicFile.to(target).fill(temporary -> Files.createLink(temporary, source));
    assertTrue(Files.isSameFile(source, target));
    assertEquals(List.of("blob"), names(target.getParent()));
  }

  @Test
  void stage_publishesUnderANameKnownOnlyAfterWriting_orDeletesOnClose() throws Exception {
    try (AtomicFile.Staged staged = AtomicFile.stage(temp, "layer")) {
      Files.writeString(staged.create(), "abc");
      assertTrue(staged.path().getFileName().toString().startsWith(".layer.tmp-"));
      staged.publish(AtomicFile.to(temp.resolve("named-after-its-digest")).mode(0644));
    }
    try (AtomicFile.Staged staged = AtomicFile.stage(temp, "layer")) {
      Files.writeString(staged.create(), "abandoned");
    }
    assertEquals(List.of("named-after-its-digest"), names(temp));
  }

  @Test
  void O1_serialized_removesTheLeftoversOfAKilledWriterOfThatTarget() throws Exception {
    Path target = temp.resolve("image.tar");
    Files.writeString(temp.resolve(".image.tar.tmp-123"), "killed mid-write");
    Files.writeString(temp.resolve(".other.tmp-123"), "not this target's");
    AtomicFile.to(target).serialized().write(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    // The lock file goes with the lock (RemovableLock): no empty .image.tar.lock stays.
    assertEquals(List.of(".other.tmp-123", "image.tar"), names(temp));
  }

  static List<String> names(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
  }
}
