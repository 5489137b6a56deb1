package dev.imagesmith.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.SupplyChainSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The documents a build writes about its image, as {@link Referrer}s: stored in the OCI layout
 * beside the image, written as files next to it, pushed with it. Which ones, the plan's {@link
 * dev.imagesmith.plan.SupplyChainSpec} says.
 */
public final class SupplyChain {
  private SupplyChain() {}

  /** Which documents a build writes: their artifact types and file names, in order. */
  public record Kind(String artifactType, String fileName) {}

  private static final Kind SBOM = new Kind(CycloneDxSbom.MEDIA_TYPE, CycloneDxSbom.FILE_NAME);
  private static final Kind PROVENANCE =
      new Kind(SlsaProvenance.MEDIA_TYPE, SlsaProvenance.FILE_NAME);

  /** Bumped whenever what a document holds changes in a way the other parts do not show. */
  private static final String REUSE_FORMAT = "imagesmith supply-chain documents 1";

  /** The documents {@code spec} asks for, in the order {@link #documents} makes them. */
  public static List<Kind> kinds(SupplyChainSpec spec) {
    List<Kind> kinds = new ArrayList<>();
    if (spec.sbom()) {
      kinds.add(SBOM);
    }
    if (spec.provenance()) {
      kinds.add(PROVENANCE);
    }
    return kinds;
  }

  /** The SBOM and the provenance of the image {@code facts} describe, as far as asked for. */
  public static List<Referrer> documents(BuildFacts facts) throws IOException {
    List<Referrer> documents = new ArrayList<>();
    for (Kind kind : kinds(facts.spec())) {
      documents.add(document(kind, facts));
    }
    return documents;
  }

  /**
   * One document of {@link #documents}: each reads only {@code facts} (safe beside the other on a
   * thread of its own).
   */
  public static Referrer document(Kind kind, BuildFacts facts) throws IOException {
    byte[] content = kind.equals(SBOM) ? CycloneDxSbom.of(facts) : SlsaProvenance.of(facts);
    return new Referrer(kind.artifactType(), kind.fileName(), content);
  }

  /**
   * What decides the documents' bytes, as one string to hash: everything of {@code facts} but the
   * contents of the stages, which {@code stageKeys} stand for. The image digest decides every file
   * the layers hold (the SBOM's file hashes); a stage's key decides what its copy and extract steps
   * read (the provenance's inputs); the project's own inputs are hashed here as the provenance
   * hashes them. Sound only for stages whose sandbox is the one their key was recorded with (the
   * stage cache's kept stage): the Debian packages come from the sandbox's dpkg database.
   *
   * @param stageKeys every stage's key, by name; the caller gives none when a stage has no key
   */
  public static String reuseKey(BuildFacts facts, Map<String, String> stageKeys)
      throws IOException {
    List<String> parts = new ArrayList<>();
    parts.add(REUSE_FORMAT);
    parts.add(facts.pluginVersion());
    parts.add(facts.image().toString());
    parts.add(facts.imageName());
    parts.add(facts.platform());
    parts.add(facts.timestamp().toString());
    parts.add(String.valueOf(facts.base()));
    parts.add(facts.spec().toString());
    parts.add(facts.project().toString());
    // A Boot jar's libraries are named by their bytes: a re-resolved SNAPSHOT in the same place
    // can make a jar match or stop matching.
    for (ProjectArtifacts.Library library : facts.project().bootLibraries()) {
      parts.add(facts.hasher().sha256(library.file()));
    }
    parts.add(facts.basedir().toAbsolutePath().normalize().toString());
    for (BuildFacts.StageFacts stage : facts.stages()) {
      String key = stageKeys.get(stage.spec().name());
      if (key == null) {
        throw new IllegalArgumentException("stage " + stage.spec().name() + " has no key");
      }
      parts.add(stage.spec().toString());
      parts.add(String.valueOf(stage.from()));
      parts.add(stage.debianPackages().toString());
      parts.add(key);
    }
    for (BuildFacts.LayerFacts layer : facts.layers()) {
      parts.add(layer.stage() + ":" + layer.path() + " " + layer.written().diffId());
    }
    ArrayNode project = JsonTrees.newArray();
    SlsaProvenance.projectInputs(
        facts, project, new ProjectInputs(facts.basedir(), facts.hasher()));
    parts.add(project.toString());
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(part.length()).append(':').append(part); // no two lists join the same
    }
    return Digest.ofBytes(joined.toString().getBytes(StandardCharsets.UTF_8)).encoded();
  }
}
