package dev.imagesmith.maven;

import dev.imagesmith.plan.SupplyChainSpec;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters of what {@code image:build} says about its image besides the image: the SBOM and
 * the provenance (see package {@code dev.imagesmith.sbom}).
 */
public abstract class SupplyChainMojo extends ImageMojo {
  /**
   * Whether the build writes {@code sbom.cdx.json}: a CycloneDX 1.6 SBOM of the image (the base
   * image by digest, every Debian package, Maven artifact and download in a layer with its purl and
   * SHA-256, every other file with its stage, layer and SHA-256), stored in the OCI layout as a
   * referrer of the image, pushed with it and attached with the classifier.
   *
   * <pre>{@code <sbom>false</sbom>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.sbom", defaultValue = "true")
  private boolean sbom;

  /**
   * Whether the build writes {@code provenance.json}: an in-toto statement with SLSA provenance v1
   * (the builder, the plugin version, the configuration's digest, every resolved input with its
   * digest), stored, pushed and attached like the SBOM.
   *
   * <pre>{@code <provenance>false</provenance>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.provenance", defaultValue = "true")
  private boolean provenance;

  /**
   * The provenance's {@code builder.id}: a URI naming who ran the build, such as the CI system's
   * job. Unset, the plugin's own package URL.
   *
   * <pre>{@code -Dimage.provenance.builderId=https://ci.example.org/jobs/release}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.provenance.builderId")
  private String provenanceBuilderId;

  protected SupplyChainMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** What to write, with the digest of this execution's configuration. */
  SupplyChainSpec supplyChain(MojoExecution execution, Path basedir, String executionId) {
    return new SupplyChainSpec(
        sbom,
        provenance,
        provenanceBuilderId == null || provenanceBuilderId.isBlank()
            ? null
            : provenanceBuilderId.strip(),
        ConfigurationDigest.of(execution == null ? null : execution.getConfiguration(), basedir),
        project.getGroupId()
            + ":"
            + project.getArtifactId()
            + ":"
            + project.getVersion()
            + " "
            + executionId);
  }
}
