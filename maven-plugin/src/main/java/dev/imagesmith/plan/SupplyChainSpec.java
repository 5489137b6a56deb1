package dev.imagesmith.plan;

/**
 * What a build says about itself besides the image: the SBOM ({@code sbom.cdx.json}) and the SLSA
 * provenance ({@code provenance.json}), each written next to the image and stored in the OCI layout
 * as a referrer of it.
 *
 * @param sbom whether the CycloneDX SBOM is made ({@code <sbom>})
 * @param provenance whether the in-toto statement with SLSA provenance is made ({@code
 *     <provenance>})
 * @param builderId the provenance's {@code builder.id}: who ran the build (a CI system's URI), or
 *     {@code null} for the plugin's own package URL
 * @param configurationDigest hex SHA-256 of the plugin's configuration as the POM gives it, or
 *     {@code null} when unknown
 * @param invocation what ran the build, for the provenance: {@code group:artifact:version
 *     execution}, or {@code null}
 */
public record SupplyChainSpec(
    boolean sbom,
    boolean provenance,
    String builderId,
    String configurationDigest,
    String invocation) {
  /** Both documents, nothing known about the configuration. */
  public static final SupplyChainSpec DEFAULT = new SupplyChainSpec(true, true, null, null, null);

  /** Neither document. */
  public static final SupplyChainSpec NONE = new SupplyChainSpec(false, false, null, null, null);
}
