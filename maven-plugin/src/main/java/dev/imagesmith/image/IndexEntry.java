package dev.imagesmith.image;

import java.util.Optional;

/**
 * One entry of an image index: the descriptor of a manifest (or nested index) and, when the index
 * says so, the platform it was built for.
 *
 * @param platform {@code null} when the entry names none (typical of an OCI layout's top-level
 *     {@code index.json}, whose entries are told apart by their ref-name annotation)
 */
public record IndexEntry(Descriptor descriptor, Platform platform) {
  /** The annotation that names a tag in an OCI layout's {@code index.json}. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  public IndexEntry {
    if (descriptor == null) {
      throw new IllegalArgumentException("index entry needs a descriptor");
    }
  }

  public Optional<Platform> optionalPlatform() {
    return Optional.ofNullable(platform);
  }

  /** The {@value #REF_NAME} annotation, if any. */
  public Optional<String> refName() {
    return Optional.ofNullable(descriptor.annotations().get(REF_NAME));
  }
}
