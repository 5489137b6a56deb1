/**
 * What a build says about its image besides the image: the CycloneDX SBOM ({@code sbom.cdx.json},
 * made with the CycloneDX project's own library) and the in-toto statement with SLSA provenance
 * ({@code provenance.json}), both stored beside the image as OCI referrers ({@link
 * dev.imagesmith.image.Referrer}).
 *
 * <p>Fed only by what the build already has ({@link dev.imagesmith.sbom.BuildFacts}): the layers it
 * wrote with every entry and the host file its bytes came from, each stage's sandbox (its dpkg
 * database) and the packages its {@code debian} steps verified, the plan's downloads and the
 * project's resolved Maven artifacts. Nothing is read from the network and nothing is guessed: a
 * file no package, download or artifact accounts for is listed as a file of its stage and layer,
 * with its SHA-256, and no more.
 *
 * <p>May import {@code plan}, {@code fs}, {@code image}, {@code layer}, {@code io}, {@code debian}
 * (its dpkg status parser) and the CycloneDX library; never Maven, Jib or {@code pipeline}. Both
 * documents are reproducible: equal inputs give equal bytes (no clock, no host path, a serial
 * number derived from the image digest).
 */
package dev.imagesmith.sbom;
