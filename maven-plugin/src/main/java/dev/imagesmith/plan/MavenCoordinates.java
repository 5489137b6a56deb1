package dev.imagesmith.plan;

/**
 * A Maven artifact's coordinates, as the SBOM and the provenance name it ({@code
 * pkg:maven/GROUP/ARTIFACT@VERSION}).
 *
 * @param version the exact version (a timestamped snapshot's, not {@code 1.0-SNAPSHOT})
 * @param classifier empty when the artifact has none
 * @param type the file's extension, {@code jar} usually
 */
public record MavenCoordinates(
    String groupId, String artifactId, String version, String classifier, String type) {
  public MavenCoordinates {
    classifier = classifier == null ? "" : classifier;
    type = type == null || type.isEmpty() ? "jar" : type;
  }

  /** {@code group:artifact:version[:classifier]}, for messages. */
  @Override
  public String toString() {
    return groupId
        + ":"
        + artifactId
        + ":"
        + version
        + (classifier.isEmpty() ? "" : ":" + classifier);
  }
}
