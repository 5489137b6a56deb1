package dev.imagesmith.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String HEX = "a".repeat(64);

  private static ImageReference parse(String text) {
    return ImageReference.parse(text).orElseThrow();
  }

  @Test
  void firstComponent_isTheHostOnlyWhenItLooksLikeOne() {
    assertEquals(new ImageReference(null, "team/hello", "1", null), parse("team/hello:1"));
    assertEquals(
        new ImageReference("example.org", "team/hello", null, null),
        parse("example.org/team/hello"));
    assertEquals(new ImageReference("localhost", "hello", null, null), parse("localhost/hello"));
    assertEquals(
        new ImageReference("registry:5000", "hello", "2", null), parse("registry:5000/hello:2"));
    assertEquals(new ImageReference("[::1]:5000", "x", null, null), parse("[::1]:5000/x"));
    assertEquals(new ImageReference(null, "a__b/c", null, null), parse("a__b/c"));
  }

  @Test
  void tagAndDigest_areKeptApart() {
    ImageReference ref = parse("example.org:443/base:1@sha256:" + HEX);
    assertEquals("example.org:443/base", ref.repository());
    assertEquals("1", ref.tag());
    assertEquals("sha256:" + HEX, ref.digest());
    assertEquals("example.org:443/base:1@sha256:" + HEX, ref.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Team/hello",
        "team/Hello",
        "hello:",
        "hello@sha256:abc",
        "-x/hello",
        "example.org//hello",
        "hello:.tag",
        "Bad//Ref"
      })
  void notReferences(String text) {
    assertEquals(Optional.empty(), ImageReference.parse(text));
    assertFalse(ImageReference.isValid(text));
  }

  @Test
  void longerThan255_isNotAReference() {
    assertTrue(ImageReference.isValid("a".repeat(255)));
    assertFalse(ImageReference.isValid("a".repeat(256)));
  }

  @Test
  void targetSpec_everyTagOnTheImagesRepository() {
    TargetSpec target = new TargetSpec("example.org:5000/team/hello", List.of("1", "latest"));
    assertEquals(
        List.of("example.org:5000/team/hello:latest", "example.org:5000/team/hello:1"),
        target.references());
    assertEquals(List.of("latest", "1"), target.allTags());
  }
}
