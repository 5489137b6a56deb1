package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageDocumentTest {
  private static final Descriptor CONFIG =
      new Descriptor(MediaTypes.OCI_CONFIG, Digest.ofBytes(new byte[] {1}), 1);
  private static final Descriptor LAYER =
      new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(new byte[] {2}), 2);

  private static String layerJson() {
    return "{\"mediaType\":\""
        + LAYER.mediaType()
        + "\",\"digest\":\""
        + LAYER.digest()
        + "\",\"size\":2}";
  }

  private static String configJson() {
    return "{\"mediaType\":\""
        + CONFIG.mediaType()
        + "\",\"digest\":\""
        + CONFIG.digest()
        + "\",\"size\":1}";
  }

  private static UserInputException reject(String json) {
    return assertThrows(
        UserInputException.class,
        () -> ImageDocument.parse(json.getBytes(StandardCharsets.UTF_8), "doc"));
  }

  @Test
  void manifest_roundTripsThroughCanonicalJson() {
    Manifest manifest = Manifest.of(CONFIG, List.of(LAYER), Map.of("k", "v"));
    Manifest parsed = Manifest.parse(manifest.toJson(), "m");
    assertEquals(manifest, parsed);
    assertEquals(Digest.ofBytes(manifest.toJson()), manifest.descriptor().digest());
  }

  @Test
  void index_roundTripsWithPlatforms() {
    ImageIndex index =
        ImageIndex.of(
            List.of(
                new IndexEntry(LAYER, Platform.parse("linux/arm64/v8", "t")),
                new IndexEntry(CONFIG, null)),
            Map.of());
    assertEquals(index, ImageIndex.parse(index.toJson(), "i"));
  }

  @Test
  void parse_withoutMediaType_decidesByFields() {
    String manifest = "{\"schemaVersion\":2,\"config\":" + configJson() + ",\"layers\":[]}";
    assertInstanceOf(Manifest.class, ImageDocument.parse(manifest.getBytes(), "m"));
    String index = "{\"schemaVersion\":2,\"manifests\":[]}";
    assertInstanceOf(ImageIndex.class, ImageDocument.parse(index.getBytes(), "i"));
  }

  @Test
  void N13_manifestsAndLayersTogether_rejected() {
    UserInputException e =
        reject(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[],\"layers\":["
                + layerJson()
                + "]}");
    assertTrue(e.getMessage().contains("both 'manifests' and 'layers'"), e.getMessage());
  }

  @Test
  void N13_mediaTypeContradictsFields_rejected() {
    reject(
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"manifests\":[]}");
  }

  @Test
  void N13_descriptorAndBodyDisagree_rejected() {
    byte[] manifest = Manifest.of(CONFIG, List.of(), Map.of()).toJson();
    assertThrows(
        UserInputException.class,
        () -> ImageDocument.parse(manifest, MediaTypes.DOCKER_MANIFEST, "m"));
  }

  @Test
  void N13_artifactConfig_rejectedAsBaseImage() {
    UserInputException e =
        reject(
            "{\"schemaVersion\":2,\"config\":"
                + configJson().replace(MediaTypes.OCI_CONFIG, "application/vnd.oci.empty.v1+json")
                + ",\"layers\":[]}");
    assertTrue(e.getMessage().contains("artifact"), e.getMessage());
  }

  @Test
  void N13_schema1_rejectedWithHowToConvert() {
    UserInputException e = reject("{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}");
    assertTrue(e.getMessage().contains("skopeo copy"), e.getMessage());
  }

  @Test
  void N12_badDigestInLayer_rejected() {
    for (String digest :
        List.of(
            "sha256:../../../../etc/passwd",
            "sha256:" + "A".repeat(64),
            "sha512:" + "a".repeat(128),
            "",
            "sha256:abc")) {
      UserInputException e =
          reject(
              "{\"schemaVersion\":2,\"config\":"
                  + configJson()
                  + ",\"layers\":["
                  + layerJson().replace(LAYER.digest().toString(), digest)
                  + "]}");
      assertTrue(e.getMessage().contains("layers[0]"), e.getMessage());
    }
  }

  @Test
  void R12_tooManyLayers_rejected() {
    String layers =
        String.join(",", java.util.Collections.nCopies(Manifest.MAX_LAYERS + 1, layerJson()));
    UserInputException e =
        reject("{\"schemaVersion\":2,\"config\":" + configJson() + ",\"layers\":[" + layers + "]}");
    assertTrue(e.getMessage().contains("257 layers exceed"), e.getMessage());
  }

  @Test
  void R12_tooManyIndexEntries_rejected() {
    String entries =
        String.join(",", java.util.Collections.nCopies(ImageIndex.MAX_ENTRIES + 1, layerJson()));
    reject("{\"schemaVersion\":2,\"manifests\":[" + entries + "]}");
  }

  @Test
  void R11_oversizedAndDeepDocuments_rejected() {
    UserInputException big =
        assertThrows(
            UserInputException.class,
            () -> ImageDocument.parse(new byte[ImageDocument.MAX_BYTES + 1], "big"));
    assertTrue(big.getMessage().contains("exceeds the limit"), big.getMessage());
    reject(
        "{\"schemaVersion\":2,\"annotations\":"
            + "[".repeat(5000)
            + "]".repeat(5000)
            + ",\"manifests\":[]}");
  }

  @Test
  void parse_negativeSizeOrTrailingGarbage_rejected() {
    reject(
        "{\"schemaVersion\":2,\"config\":"
            + configJson().replace("\"size\":1", "\"size\":-1")
            + ",\"layers\":[]}");
    reject("{\"schemaVersion\":2,\"manifests\":[]} {}");
  }
}
