package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import org.junit.jupiter.api.Test;

class RegistryRefTest {
  private static final String HEX = "a".repeat(64);

  @Test
  void parse_dockerHubShortName_expandsLikeDocker() {
    RegistryRef ref = RegistryRef.parse("busybox", "<from>");
    assertEquals("registry-1.docker.io", ref.registry());
    assertEquals("library/busybox", ref.repository());
    assertEquals("latest", ref.tag());
  }

  @Test
  void parse_hostPortTagAndDigest() {
    RegistryRef ref = RegistryRef.parse("127.0.0.1:5000/team/base:1@sha256:" + HEX, "<from>");
    assertEquals("127.0.0.1:5000", ref.registry());
    assertEquals("team/base", ref.repository());
    assertEquals("sha256:" + HEX, ref.manifestReference());
    assertTrue(ref.isLoopback());
  }

  @Test
  void parse_digestOnly_hasNoTag() {
    RegistryRef ref = RegistryRef.parse("example.org/base@sha256:" + HEX, "<from>");
    assertNull(ref.tag());
    assertEquals("example.org/base@sha256:" + HEX, ref.toString());
  }

  @Test
  void parse_garbage_namesWhere() {
    UserInputException e =
        assertThrows(UserInputException.class, () -> RegistryRef.parse("Bad//Ref", "<from>"));
    assertTrue(e.getMessage().startsWith("<from> 'Bad//Ref'"), e.getMessage());
  }

  @Test
  void isLoopback_onlyForThisMachine() {
    assertTrue(RegistryRef.isLoopback("localhost:5000"));
    assertTrue(RegistryRef.isLoopback("127.0.0.1"));
    assertTrue(!RegistryRef.isLoopback("127.evil.example.org:5000"));
    assertTrue(!RegistryRef.isLoopback("registry.example.org:5000"));
  }
}
