package dev.imagesmith.sbom;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.SupplyChainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the SBOM and the provenance are made from: the finished build as the build has it.
 *
 * @param imageName the image's first reference ({@code example.org/team/app:1.0})
 * @param image the image manifest's descriptor: the subject of both documents
 * @param platform {@code os/arch[/variant]}
 * @param timestamp the build timestamp: the SBOM's timestamp
 * @param base the image's {@code <from>}, or {@code null} for scratch
 * @param stages the user's stages, in order
 * @param layers the layers this build wrote, in order (the base's are not here)
 * @param project what the built-in stage {@code project} was given
 * @param spec what to write
 * @param pluginVersion the plugin's version, the tool of the SBOM and the builder of the provenance
 * @param hasher hashes host files (with the build's memo when it has one)
 * @param basedir the project directory: the provenance names the project's files relative to it
 */
public record BuildFacts(
    String imageName,
    Descriptor image,
    String platform,
    Instant timestamp,
    BaseImage base,
    List<StageFacts> stages,
    List<LayerFacts> layers,
    ProjectArtifacts project,
    SupplyChainSpec spec,
    String pluginVersion,
    Hasher hasher,
    Path basedir) {
  public BuildFacts {
    stages = List.copyOf(stages);
    layers = List.copyOf(layers);
  }

  /**
   * A base image: what the configuration said and what it was.
   *
   * @param text the {@code <from>} as every output shows it, with no host path ({@code
   *     pipeline.BaseDisplay}: relative to the project, or a layout outside it by its file name,
   *     {@code oci:debian:12})
   * @param registryReference the reference when the base came from a registry, else {@code null}
   * @param digest its manifest's digest
   */
  public record BaseImage(String text, String registryReference, Digest digest) {
    /** How the documents name it: the registry reference, or the {@code <from>} as shown. */
    public String name() {
      return registryReference != null ? registryReference : text;
    }
  }

  /**
   * A stage after its steps and pruning.
   *
   * @param from its base, or {@code null} for an empty root
   * @param debianPackages what its {@code debian} steps installed, {@code name version architecture
   *     sha256} each
   */
  public record StageFacts(
      StageSpec spec, BaseImage from, Sandbox sandbox, List<String> debianPackages) {
    public StageFacts {
      debianPackages = List.copyOf(debianPackages);
    }
  }

  /**
   * A layer this build wrote.
   *
   * @param stage the stage it was taken from ({@code project/classes} for a part of the project
   *     stage)
   * @param path the stage's path it copies
   */
  public record LayerFacts(String stage, String path, WrittenLayer written) {}

  /** Hex SHA-256 of host files. */
  @FunctionalInterface
  public interface Hasher {
    String sha256(Path file) throws IOException;
  }
}
