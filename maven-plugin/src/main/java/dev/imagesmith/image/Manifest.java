package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image manifest (OCI, or Docker v2 schema 2 when read from a registry): the config descriptor
 * and the layer descriptors, base layer first.
 *
 * @param mediaType {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
 */
public record Manifest(
    String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations)
    implements ImageDocument {
  /** More layers than this is hostile or broken (security-cases.md R12). */
  public static final int MAX_LAYERS = 256;

  public static final Set<String> CONFIG_TYPES =
      Set.of(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG);
  public static final Set<String> LAYER_TYPES =
      Set.of(
          MediaTypes.OCI_LAYER,
          MediaTypes.OCI_LAYER_GZIP,
          MediaTypes.OCI_LAYER_ZSTD,
          MediaTypes.DOCKER_LAYER,
          MediaTypes.DOCKER_LAYER_GZIP);

  public Manifest {
    if (config == null) {
      throw new IllegalArgumentException("manifest needs a config descriptor");
    }
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An OCI image manifest. */
  public static Manifest of(
      Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    return new Manifest(MediaTypes.OCI_MANIFEST, config, layers, annotations);
  }

  /** Parses an image manifest; an index or anything else is an error. */
  public static Manifest parse(byte[] json, String where) {
    if (ImageDocument.parse(json, where) instanceof Manifest manifest) {
      return manifest;
    }
    throw new UserInputException(where + ": expected an image manifest but found an image index");
  }

  static Manifest fromNode(ObjectNode root, String mediaType, String where) {
    Descriptor config = DescriptorJson.parse(root.get("config"), where + " config");
    if (!CONFIG_TYPES.contains(config.mediaType())) {
      throw new UserInputException(
          where
              + ": config media type "
              + Excerpt.name(config.mediaType())
              + " is not an image config; this is an OCI artifact, not a container image");
    }
    ArrayNode layerNodes = JsonFields.array(root, "layers", where);
    if (layerNodes == null) {
      throw new UserInputException(where + ": required field 'layers' is missing");
    }
    if (layerNodes.size() > MAX_LAYERS) {
      throw new UserInputException(
          where + ": " + layerNodes.size() + " layers exceed the limit of " + MAX_LAYERS);
    }
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode node : layerNodes) {
      Descriptor layer = DescriptorJson.parse(node, where + " layers[" + layers.size() + "]");
      if (!LAYER_TYPES.contains(layer.mediaType())) {
        throw new UserInputException(
            where
                + " layers["
                + layers.size()
                + "]: unsupported layer media type "
                + Excerpt.name(layer.mediaType())
                + "; supported: "
                + LAYER_TYPES);
      }
      layers.add(layer);
    }
    return new Manifest(
        mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType,
        config,
        layers,
        JsonFields.stringMap(root, "annotations", where));
  }

  @Override
  public byte[] toJson() {
    ObjectNode root = JsonTrees.newObject();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    root.set("config", DescriptorJson.toNode(config));
    ArrayNode layerNodes = root.putArray("layers");
    layers.forEach(layer -> layerNodes.add(DescriptorJson.toNode(layer)));
    if (!annotations.isEmpty()) {
      root.set("annotations", JsonFields.stringMapNode(annotations));
    }
    return JsonTrees.canonical(root);
  }

  /** The descriptor of {@link #toJson()}. */
  public Descriptor descriptor() {
    byte[] json = toJson();
    return new Descriptor(mediaType, Digest.ofBytes(json), json.length);
  }
}
