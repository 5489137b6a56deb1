package dev.imagesmith.image;

import java.util.Optional;

/**
 * One entry of an image index: the descriptor of a manifest (or nested index) and, when the index
 * says so, the platform it was built for.
 *
 * @param platform {@code null} when the entry names none (typical of an OCI layout's top-level
 *     {@code index.json}, whose entries are told apart by their ref-name annotation)
 * @param artifactType the {@code artifactType} of an artifact manifest (an SBOM, a provenance
 *     statement: a referrer of an image, not an image), else {@code null}
 */
public record IndexEntry(Descriptor descriptor, Platform platform, String artifactType) {
  /** The annotation that names a tag in an OCI layout's {@code index.json}. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  public IndexEntry {
    if (descriptor == null) {
      throw new IllegalArgumentException("index entry needs a descriptor");
    }
  }

  /** An entry that is not an artifact manifest. */
  public IndexEntry(Descriptor descriptor, Platform platform) {
    this(descriptor, platform, null);
  }

  /** Whether the entry names an artifact (a referrer), which is never an image to run. */
  public boolean isArtifact() {
    return artifactType != null;
  }

  public Optional<Platform> optionalPlatform() {
    return Optional.ofNullable(platform);
  }

  /** The {@value #REF_NAME} annotation, if any. */
  public Optional<String> refName() {
    return Optional.ofNullable(descriptor.annotations().get(REF_NAME));
  }
}
