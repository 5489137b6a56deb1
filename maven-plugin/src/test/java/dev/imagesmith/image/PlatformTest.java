package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTest {
  private static Platform p(String text) {
    return Platform.parse(text, "test");
  }

  @Test
  void parse_twoOrThreeParts() {
    assertEquals(new Platform("linux", "arm64", "v8"), p("linux/arm64/v8"));
    assertEquals("linux/amd64", p("linux/amd64").toString());
    for (String bad : List.of("linux", "linux/", "/amd64", "a/b/c/d", "linux/ amd64")) {
      UserInputException e = assertThrows(UserInputException.class, () -> p(bad));
      assertTrue(e.getMessage().contains("os/architecture"), e.getMessage());
    }
  }

  @Test
  void matches_normalisesLikeContainerd() {
    assertTrue(p("linux/arm64").matches(p("linux/arm64/v8")));
    assertTrue(p("linux/aarch64").matches(p("linux/arm64")));
    assertTrue(p("linux/arm").matches(p("linux/arm/v7")));
    assertTrue(p("linux/x86_64").matches(Platform.LINUX_AMD64));
    assertFalse(p("linux/arm/v6").matches(p("linux/arm/v7")));
    assertFalse(p("linux/arm64").matches(p("linux/arm64/v9")));
    assertFalse(Platform.LINUX_AMD64.matches(p("windows/amd64")));
  }

  @Test
  void N14_select_firstMatchInIndexOrder_orErrorListingPlatforms() {
    Descriptor a = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.ofBytes(new byte[] {1}), 1);
    Descriptor b = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.ofBytes(new byte[] {2}), 1);
    Descriptor c = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.ofBytes(new byte[] {3}), 1);
    ImageIndex index =
        ImageIndex.of(
            List.of(
                new IndexEntry(c, p("unknown/unknown")),
                new IndexEntry(a, p("linux/arm64/v8")),
                new IndexEntry(b, p("linux/arm64"))),
            Map.of());
    assertEquals(a, index.select(p("linux/arm64"), "img").descriptor());
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> index.select(Platform.LINUX_AMD64, "docker.io/x"));
    assertTrue(
        e.getMessage().contains("docker.io/x has no image for platform linux/amd64"),
        e.getMessage());
    assertTrue(e.getMessage().contains("linux/arm64/v8, linux/arm64"), e.getMessage());
    assertFalse(e.getMessage().contains("unknown/unknown"), e.getMessage());
  }
}
