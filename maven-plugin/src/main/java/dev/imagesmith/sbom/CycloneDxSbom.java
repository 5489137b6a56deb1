package dev.imagesmith.sbom;

import dev.imagesmith.sbom.BuildFacts.LayerFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * The image's CycloneDX 1.6 SBOM, made and written by the CycloneDX project's own library: the
 * image as the document's subject ({@code metadata.component}, its purl carrying the manifest
 * digest), the plugin as its tool, and the {@link ImageContents} as its components, each one a
 * dependency of the image.
 *
 * <p>Reproducible: the serial number is a name-based UUID of the image digest, the timestamp is the
 * build timestamp, and the components come in a fixed order; no host path appears.
 */
public final class CycloneDxSbom {
  /** The SBOM's media type: the artifactType of the referrer that stores it. */
  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";

  /** The file beside the image: {@code target/image/sbom.cdx.json}. */
  public static final String FILE_NAME = "sbom.cdx.json";

  static final Version SPEC_VERSION = Version.VERSION_16;
  private static final String IMAGE_REF = "image";

  private CycloneDxSbom() {}

  /** The SBOM of the image {@code facts} describe, as JSON. */
  public static byte[] of(BuildFacts facts) throws IOException {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + NameUuid.of("imagesmith-sbom:" + facts.image().digest()));
    bom.setVersion(1);
    bom.setMetadata(metadata(facts));
    List<Component> components = ImageContents.of(facts).finish();
    bom.setComponents(components);
    Dependency image = new Dependency(IMAGE_REF);
    // What addDependency does, once: it scans every dependency added before (quadratic in a layer
    // of thousands of files), keeping the first of each reference.
    Set<String> references = new LinkedHashSet<>();
    for (Component component : components) {
      references.add(component.getBomRef());
    }
    List<Dependency> onImage = new ArrayList<>();
    for (String reference : references) {
      onImage.add(new Dependency(reference));
    }
    if (!onImage.isEmpty()) {
      image.setDependencies(onImage);
    }
    List<Dependency> dependencies = new ArrayList<>();
    dependencies.add(image);
    bom.setDependencies(dependencies);
    try {
      return BomGeneratorFactory.createJson(SPEC_VERSION, bom)
          .toJsonString(true)
          .concat("\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("the CycloneDX library could not write the SBOM: " + e, e);
    }
  }

  private static Metadata metadata(BuildFacts facts) {
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(facts.timestamp()));
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setGroup("dev.imagesmith");
    tool.setName("image-maven-plugin");
    tool.setVersion(facts.pluginVersion());
    tool.setPurl(
        Purls.maven(
            new dev.imagesmith.plan.MavenCoordinates(
                "dev.imagesmith", "image-maven-plugin", facts.pluginVersion(), "", "jar")));
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);

    Component image = new Component();
    image.setBomRef(IMAGE_REF);
    image.setType(Component.Type.CONTAINER);
    String name = facts.imageName();
    image.setName(name);
    image.setVersion(facts.image().digest().toString());
    image.setPurl(Purls.oci(name, name, facts.image().digest()));
    image.addHash(new Hash(Hash.Algorithm.SHA_256, facts.image().digest().encoded()));
    List<Property> properties = new ArrayList<>();
    properties.add(new Property("imagesmith:platform", facts.platform()));
    for (LayerFacts layer : facts.layers()) {
      properties.add(
          new Property(
              ImageContents.LAYER,
              layer.written().diffId() + " " + layer.stage() + ":" + layer.path()));
    }
    image.setProperties(properties);
    metadata.setComponent(image);
    return metadata;
  }
}
