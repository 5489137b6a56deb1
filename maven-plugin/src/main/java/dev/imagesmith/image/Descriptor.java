package dev.imagesmith.image;

import java.util.Map;

/**
 * An OCI content descriptor: media type, digest and size of a blob, with optional annotations.
 *
 * @param annotations may be empty, never {@code null}
 */
public record Descriptor(
    String mediaType, Digest digest, long size, Map<String, String> annotations) {
  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, Map.of());
  }
}
