package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM and provenance stored beside an image go with it to a real docker-registry on loopback,
 * which serves no referrers API: each artifact manifest by digest, byte for byte, and the OCI
 * distribution spec's fallback tag {@code sha256-<hex>} listing them; skopeo reads both.
 */
class ReferrerPushTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;

  private static Referrer document(String type, String name, String text) {
    return new Referrer(type, name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Digest layout(Path layout, BuiltImage image, List<Referrer> documents) throws Exception {
    List<Referrer.Stored> stored = new ArrayList<>();
    for (Referrer document : documents) {
      stored.add(document.storeFor(image.manifestDescriptor(), Instant.EPOCH));
    }
    OciLayoutWriter.write(layout, image, List.of("1"), stored);
    return image.manifestDescriptor().digest();
  }

  @Test
  void push_withDocuments_sendsThemByDigestAndListsThemUnderTheFallbackTag() throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("a.txt", "the image"));
    Referrer sbom = document("application/vnd.cyclonedx+json", "sbom.cdx.json", "{\"bom\":1}");
    Referrer provenance =
        document("application/vnd.in-toto+json", "provenance.json", "{\"statement\":1}");
    Path layout = dir.resolve("oci");
    Digest digest = layout(layout, image, List.of(sbom, provenance));
    String ref = registry.address() + "/team/documented";
    LogLines log = new LogLines();

    TestClients.push(TestClients.anonymous(3, false), log, layout, digest, ref + ":1");

    assertEquals(digest.toString(), RegistryServer.skopeoDigest(dir, ref + ":1"));
    String fallback = ref + ":sha256-" + digest.encoded();
    JsonNode index = JSON.readTree(raw(fallback));
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
    List<String> types = new ArrayList<>();
    index.get("manifests").forEach(entry -> types.add(entry.get("artifactType").asText()));
    assertEquals(List.of("application/vnd.cyclonedx+json", "application/vnd.in-toto+json"), types);
    String sbomDigest = index.at("/manifests/0/digest").asText();
    byte[] pushed = raw(ref + "@" + sbomDigest).getBytes(StandardCharsets.UTF_8);
    byte[] stored =
        Files.readAllBytes(layout.resolve("blobs/sha256").resolve(sbomDigest.substring(7)));
    assertArrayEquals(stored, pushed, "the registry serves our exact manifest");
    JsonNode manifest = JSON.readTree(pushed);
    assertEquals(digest.toString(), manifest.at("/subject/digest").asText());
    assertTrue(log.text().contains("no referrers API"), log.text());
  }

  @Test
  void push_again_mergesIntoTheFallbackTagWithoutDuplicates() throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("b.txt", "image two"));
    String ref = registry.address() + "/team/merged";
    Path first = dir.resolve("first");
    Digest digest =
        layout(first, image, List.of(document("application/vnd.cyclonedx+json", "s", "{}")));
    TestClients.push(TestClients.anonymous(3, false), new LogLines(), first, digest, ref + ":1");
    // Another build of the same image with another document, and the first pushed again.
    Path second = dir.resolve("second");
    layout(
        second,
        image,
        List.of(
            document("application/vnd.cyclonedx+json", "s", "{}"),
            document("application/vnd.in-toto+json", "p", "{\"x\":2}")));

    TestClients.push(TestClients.anonymous(3, false), new LogLines(), second, digest, ref + ":1");

    JsonNode index = JSON.readTree(raw(ref + ":sha256-" + digest.encoded()));
    assertEquals(2, index.get("manifests").size(), index.toString());
  }

  private String raw(String ref) throws Exception {
    return RegistryServer.exec(
        dir, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
  }
}
