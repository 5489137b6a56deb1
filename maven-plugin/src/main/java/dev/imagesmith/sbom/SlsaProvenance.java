package dev.imagesmith.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.sbom.BuildFacts.BaseImage;
import dev.imagesmith.sbom.BuildFacts.StageFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The image's provenance: an in-toto Statement v1 whose predicate is SLSA Provenance v1. The
 * subject is the image by digest; the build definition holds what the configuration asked for (its
 * digest, the image's name and platform) and every input the build resolved, each with its digest:
 * base images by manifest digest, Debian packages by the SHA-256 of the verified {@code .deb},
 * downloads by the SHA-256 they were checked against, the files {@code copy} and {@code extract}
 * read, the project's Maven artifacts, classes or jar. The run details name the builder and the
 * plugin version.
 *
 * <p>What it cannot vouch for: the host tools a {@code run} step on the host used (its command is
 * in the configuration, the compiler it called is not an input we can digest). Reproducible like
 * the SBOM: no clock, no host path (project files are named relative to the project).
 */
public final class SlsaProvenance {
  /** The statement's media type: the artifactType of the referrer that stores it. */
  public static final String MEDIA_TYPE = "application/vnd.in-toto+json";

  /** The file beside the image: {@code target/image/provenance.json}. */
  public static final String FILE_NAME = "provenance.json";

  static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
  static final String BUILD_TYPE = "https://imagesmith.dev/image-maven-plugin/build/v1";

  private SlsaProvenance() {}

  /** The statement for the image {@code facts} describe, as JSON. */
  public static byte[] of(BuildFacts facts) throws IOException {
    ObjectNode statement = JsonTrees.newObject();
    statement.put("_type", STATEMENT_TYPE);
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", facts.imageName());
    subject.putObject("digest").put("sha256", facts.image().digest().encoded());
    statement.put("predicateType", PREDICATE_TYPE);
    ObjectNode predicate = statement.putObject("predicate");

    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    ObjectNode external = definition.putObject("externalParameters");
    if (facts.spec().configurationDigest() != null) {
      ObjectNode configuration = external.putObject("configuration");
      configuration.put("name", "the plugin's configuration in the POM");
      configuration.putObject("digest").put("sha256", facts.spec().configurationDigest());
    }
    if (facts.spec().invocation() != null) {
      external.put("invocation", facts.spec().invocation());
    }
    external.put("image", facts.imageName());
    external.put("platform", facts.platform());
    definition
        .putObject("internalParameters")
        .put("timestamp", ImageConfig.rfc3339(facts.timestamp()));
    resolved(facts, definition.putArray("resolvedDependencies"));

    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder");
    builder.put(
        "id",
        facts.spec().builderId() != null
            ? facts.spec().builderId()
            : Purls.maven(
                new MavenCoordinates(
                    "dev.imagesmith", "image-maven-plugin", facts.pluginVersion(), "", "jar")));
    builder.putObject("version").put("image-maven-plugin", facts.pluginVersion());
    byte[] json = JsonTrees.pretty(statement);
    return (new String(json, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void resolved(BuildFacts facts, ArrayNode inputs) throws IOException {
    if (facts.base() != null) {
      image(inputs, facts.base(), "base image");
    }
    ProjectInputs files = new ProjectInputs(facts.basedir(), facts.hasher());
    for (StageFacts stage : facts.stages()) {
      String name = stage.spec().name();
      if (stage.from() != null) {
        image(inputs, stage.from(), "stage " + name + ": base image");
      }
      for (StepSpec step : stage.spec().steps()) {
        if (step instanceof StepSpec.Download download) {
          input(
              inputs,
              Redaction.url(download.url()), // a signed URL's token is no input anyone needs
              download.sha256().toLowerCase(Locale.ROOT),
              "stage " + name + ": download");
        } else if (step instanceof StepSpec.Copy copy) {
          files.add(inputs, copy.source(), "stage " + name + ": copy source", false);
        } else if (step instanceof StepSpec.Extract extract) {
          files.add(inputs, extract.source(), "stage " + name + ": extract source", true);
        }
      }
      for (String line : stage.debianPackages()) {
        String[] words = line.split(" ");
        if (words.length == 4) {
          String purl = Purls.debian(words[0], words[1], words[2]);
          input(
              inputs,
              purl != null ? purl : words[0],
              words[3],
              "stage " + name + ": Debian package");
        }
      }
    }
    projectInputs(facts, inputs, files);
  }

  /**
   * The project's own inputs (its Maven artifacts, classes or jar), when a layer takes the project
   * stage; also what {@link SupplyChain#reuseKey} covers of the provenance beyond the stages' keys.
   */
  static void projectInputs(BuildFacts facts, ArrayNode inputs, ProjectInputs files)
      throws IOException {
    ProjectArtifacts project = facts.project();
    if (facts.layers().stream().anyMatch(l -> l.stage().startsWith(ProjectArtifacts.STAGE))) {
      for (ProjectArtifacts.Library library : project.libraries()) {
        String purl = library.coordinates() == null ? null : Purls.maven(library.coordinates());
        input(
            inputs,
            purl != null ? purl : library.fileName(),
            facts.hasher().sha256(library.file()),
            "project: runtime dependency");
      }
      if (project.packagedJar() != null) {
        files.add(inputs, project.packagedJar(), "project: packaged jar", true);
      }
      if (project.springBootJar() != null) {
        files.add(inputs, project.springBootJar(), "project: Spring Boot jar", true);
      }
      if (project.classesDirectory() != null) {
        files.add(inputs, project.classesDirectory(), "project: classes and resources", true);
      }
    }
  }

  private static void image(ArrayNode inputs, BaseImage base, String name) {
    String purl = Purls.oci(base.registryReference(), "image", base.digest());
    input(inputs, purl != null ? purl : base.name(), base.digest().encoded(), name);
  }

  static void input(ArrayNode inputs, String uri, String sha256, String name) {
    ObjectNode input = inputs.addObject();
    input.put("uri", uri);
    input.putObject("digest").put("sha256", sha256);
    input.put("name", name);
  }
}
