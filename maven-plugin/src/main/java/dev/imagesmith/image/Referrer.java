package dev.imagesmith.image;

import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A document about an image stored beside it as an OCI artifact (image-spec 1.1): an image manifest
 * whose {@code artifactType} says what it holds, whose config is the empty descriptor, whose one
 * layer is the document, and whose {@code subject} is the image's manifest. Registries that serve
 * the referrers API list it under the image's digest; an OCI layout lists it in {@code index.json}
 * with its {@code artifactType}.
 *
 * @param artifactType the document's media type, {@code application/vnd.cyclonedx+json}
 * @param fileName its name beside the image ({@code sbom.cdx.json}), also its layer's title
 * @param content the document's bytes
 */
public record Referrer(String artifactType, String fileName, byte[] content) {
  /** The OCI empty descriptor's media type: a config that holds nothing. */
  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

  /** What an OCI empty descriptor holds: {@code {}}. */
  static final byte[] EMPTY_CONTENT = {'{', '}'};

  private static final String TITLE = "org.opencontainers.image.title";
  private static final String CREATED = "org.opencontainers.image.created";

  public Referrer {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /**
   * The artifact as stored: the blobs (empty config, document, manifest last) and the manifest's
   * index entry.
   */
  public record Stored(List<BlobSource> blobs, IndexEntry entry, byte[] manifest) {
    public Stored {
      blobs = List.copyOf(blobs);
      manifest = manifest.clone();
    }

    /** The descriptor of the document itself: the artifact's one layer. */
    public Descriptor document() {
      return blobs.get(1).descriptor();
    }
  }

  /**
   * The artifact manifest that refers to {@code subject}.
   *
   * @param created its {@code org.opencontainers.image.created} annotation: the build timestamp, so
   *     that equal builds give equal manifests
   */
  public Stored storeFor(Descriptor subject, Instant created) {
    BlobSource config = BlobSource.ofBytes(EMPTY_MEDIA_TYPE, EMPTY_CONTENT);
    BlobSource document = BlobSource.ofBytes(artifactType, content);
    var root = JsonTrees.newObject();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", artifactType);
    var configNode = DescriptorJson.toNode(config.descriptor());
    configNode.put("data", "e30="); // the empty descriptor embeds its two bytes
    root.set("config", configNode);
    root.putArray("layers")
        .add(
            DescriptorJson.toNode(
                new Descriptor(
                    artifactType,
                    document.descriptor().digest(),
                    document.descriptor().size(),
                    Map.of(TITLE, fileName))));
    root.set("subject", DescriptorJson.toNode(subject));
    root.set(
        "annotations", JsonFields.stringMapNode(Map.of(CREATED, ImageConfig.rfc3339(created))));
    byte[] manifest = JsonTrees.canonical(root);
    BlobSource manifestBlob = BlobSource.ofBytes(MediaTypes.OCI_MANIFEST, manifest);
    return new Stored(
        List.of(config, document, manifestBlob),
        new IndexEntry(manifestBlob.descriptor(), null, artifactType),
        manifest);
  }
}
