package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  private static final String BASE =
      "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\","
          + "\"config\":{\"Env\":[\"PATH=/bin\",\"LANG=C\"],\"StopSignal\":\"SIGTERM\","
          + "\"Labels\":{\"b\":\"base\"}},"
          + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
          + "a".repeat(64)
          + "\"]},"
          + "\"history\":[{\"created_by\":\"base\",\"vendor\":\"kept\"}],\"x-vendor\":{\"z\":1,\"a\":2}}";

  private static ImageConfig base() {
    return ImageConfig.parse(BASE.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void parse_readsFieldsAndKeepsUnknownOnes() {
    ImageConfig config = base();
    assertEquals(Platform.parse("linux/arm64/v8", "t"), config.platform());
    assertEquals(List.of("PATH=/bin", "LANG=C"), config.env());
    assertEquals(List.of(new Digest("a".repeat(64))), config.diffIds());
    String json = new String(config.withUser("app").toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"StopSignal\":\"SIGTERM\""), json);
    assertTrue(json.contains("\"vendor\":\"kept\""), json);
    assertTrue(json.contains("\"x-vendor\":{\"a\":2,\"z\":1}"), json);
  }

  @Test
  void toJson_canonical_keyOrderOfInputDoesNotMatter() {
    ImageConfig a =
        ImageConfig.parse(
            "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(),
            "a");
    ImageConfig b =
        ImageConfig.parse(
            "{ \"rootfs\" : {\"diff_ids\":[],\"type\":\"layers\"},\n\"architecture\":\"amd64\",\"os\":\"linux\"}"
                .getBytes(),
            "b");
    assertArrayEquals(a.toJson(), b.toJson());
    assertEquals(
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[],\"type\":\"layers\"}}",
        new String(a.toJson(), StandardCharsets.UTF_8));
  }

  @Test
  void withMergedEnv_replacesInPlaceAndAppendsNew() {
    ImageConfig merged =
        base()
            .withMergedEnv(
                List.of("LANG=C.UTF-8", "JAVA_HOME=/opt/java", "PATH=/opt/java/bin:/bin"));
    assertEquals(
        List.of("PATH=/opt/java/bin:/bin", "LANG=C.UTF-8", "JAVA_HOME=/opt/java"), merged.env());
    assertEquals(
        List.of("PATH=/bin", "LANG=C"), base().env(), "withers do not change the original");
    assertThrows(UserInputException.class, () -> base().withMergedEnv(List.of("=x")));
  }

  @Test
  void withMergedLabels_overridesAndAdds() {
    assertEquals(
        Map.of("a", "new", "b", "mine"),
        base().withMergedLabels(Map.of("b", "mine", "a", "new")).labels());
  }

  @Test
  void withLayer_appendsDiffIdAndHistory_keepingBaseHistory() {
    Digest diffId = Digest.ofBytes(new byte[] {1});
    ImageConfig config =
        base()
            .withLayer(diffId, History.layer("2024-01-01T00:00:00Z", "COPY /install"))
            .withHistory(History.emptyLayer(null, "ENV X=1"));
    assertEquals(2, config.diffIds().size());
    assertEquals(diffId, config.diffIds().get(1));
    assertEquals(3, config.history().size());
    assertEquals("base", config.history().get(0).createdBy());
    assertEquals("COPY /install", config.history().get(1).createdBy());
    assertTrue(config.history().get(2).emptyLayer());
  }

  @Test
  void withers_setContainerFields() {
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withCreated(Instant.parse("2024-05-06T07:08:09.123Z"))
            .withEntrypoint(List.of("/app"))
            .withCmd(List.of("--help"))
            .withUser("1000:1000")
            .withWorkingDir("/work")
            .withExposedPorts(Set.of("8080/tcp", "443/tcp"));
    assertEquals("2024-05-06T07:08:09Z", config.created().orElseThrow());
    assertEquals(List.of("/app"), config.entrypoint());
    assertEquals(List.of("--help"), config.cmd());
    assertEquals("1000:1000", config.user().orElseThrow());
    assertEquals("/work", config.workingDir().orElseThrow());
    assertEquals(Set.of("443/tcp", "8080/tcp"), config.exposedPorts());
    assertEquals(List.of(), config.withCmd(null).cmd());
    // the scratch config parses back (os, architecture, rootfs present)
    assertEquals(config, ImageConfig.parse(config.toJson(), "round trip"));
  }

  @Test
  void N12_parse_badDiffId_rejected() {
    String json =
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:../../etc\"]}}";
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> ImageConfig.parse(json.getBytes(), "base config"));
    assertTrue(e.getMessage().contains("base config rootfs.diff_ids[0]"), e.getMessage());
  }

  @Test
  void R11_parse_oversizedOrDeeplyNested_rejected() {
    byte[] huge = new byte[ImageDocument.MAX_BYTES + 1];
    assertThrows(UserInputException.class, () -> ImageConfig.parse(huge, "huge"));
    String deep = "{\"os\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThrows(UserInputException.class, () -> ImageConfig.parse(deep.getBytes(), "deep"));
  }

  @Test
  void parse_duplicateKeys_rejected() {
    String json =
        "{\"os\":\"linux\",\"os\":\"windows\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    assertThrows(UserInputException.class, () -> ImageConfig.parse(json.getBytes(), "dup"));
  }
}
