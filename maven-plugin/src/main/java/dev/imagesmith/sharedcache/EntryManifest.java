package dev.imagesmith.sharedcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.io.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shared-cache entry as the registry holds it: an OCI image manifest used as an artifact (OCI
 * 1.1: {@code artifactType} set, the empty config {@code {}}), whose layers are the entry's blobs
 * and whose annotations say what it is for. Any registry stores it and any tool lists it ({@code
 * skopeo list-tags}, {@code skopeo inspect --raw}, {@code crane manifest}).
 *
 * <p>Written compact with sorted annotations, so the same entry gives the same bytes. Read from a
 * registry anyone with push rights writes to: {@link #parse} accepts only this shape, and the
 * reader checks the rest (type, key, seal, sizes) before a byte of a blob is used.
 *
 * @param annotations sorted by name when written
 */
record EntryManifest(
    String artifactType, List<Descriptor> layers, Map<String, String> annotations) {
  /** OCI 1.1's empty config, for artifacts that have none. */
  static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";

  static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);

  static final Descriptor EMPTY_CONFIG_DESCRIPTOR =
      new Descriptor(EMPTY_CONFIG_TYPE, Digest.ofBytes(EMPTY_CONFIG), EMPTY_CONFIG.length);

  /** A manifest bigger than this is no entry of ours. */
  static final int MAX_BYTES = 64 * 1024;

  EntryManifest {
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  /** The annotation {@code name}, or {@code null}. */
  String annotation(String name) {
    return annotations.get(name);
  }

  /** The exact bytes pushed. */
  byte[] toJson() {
    ObjectNode json = JsonTrees.newObject();
    json.put("schemaVersion", 2);
    json.put("mediaType", MediaTypes.OCI_MANIFEST);
    json.put("artifactType", artifactType);
    json.set("config", descriptor(EMPTY_CONFIG_DESCRIPTOR));
    ArrayNode array = json.putArray("layers");
    layers.forEach(layer -> array.add(descriptor(layer)));
    ObjectNode notes = json.putObject("annotations");
    new TreeMap<>(annotations).forEach(notes::put);
    return JsonTrees.compact(json);
  }

  private static ObjectNode descriptor(Descriptor descriptor) {
    ObjectNode node = JsonTrees.newObject();
    node.put("mediaType", descriptor.mediaType());
    node.put("digest", descriptor.digest().toString());
    node.put("size", descriptor.size());
    return node;
  }

  /**
   * Reads a manifest fetched from the shared cache.
   *
   * @param where names it in the exception (registry, repository, tag)
   * @throws EntryException if it is no entry manifest: another media type, no artifact type, a
   *     config that is not the empty one, layers that are no descriptors
   */
  static EntryManifest parse(byte[] bytes, String where) throws EntryException {
    try {
      ObjectNode json = JsonTrees.parseObject(bytes, MAX_BYTES, where);
      if (json.path("schemaVersion").asInt() != 2
          || !MediaTypes.OCI_MANIFEST.equals(json.path("mediaType").asText())) {
        throw new EntryException(where + " is not an OCI image manifest");
      }
      String artifactType = json.path("artifactType").asText("");
      if (artifactType.isEmpty()) {
        throw new EntryException(
            where + " has no artifactType: an image or something else, not a cache entry");
      }
      Descriptor config = descriptor(json.get("config"), where + " config");
      if (!config.equals(EMPTY_CONFIG_DESCRIPTOR)) {
        throw new EntryException(where + " has a config other than the empty one {}");
      }
      JsonNode layers = json.get("layers");
      if (layers == null || !layers.isArray() || layers.size() > 16) {
        throw new EntryException(where + " has no layer list of at most 16 layers");
      }
      List<Descriptor> descriptors = new ArrayList<>();
      for (JsonNode layer : layers) {
        descriptors.add(descriptor(layer, where + " layer " + (descriptors.size() + 1)));
      }
      Map<String, String> annotations = new TreeMap<>();
      JsonNode notes = json.get("annotations");
      if (notes != null && notes.isObject()) {
        notes
            .fields()
            .forEachRemaining(
                field -> {
                  if (field.getValue().isTextual()) {
                    annotations.put(field.getKey(), field.getValue().asText());
                  }
                });
      }
      return new EntryManifest(artifactType, descriptors, annotations);
    } catch (UserInputException | IllegalArgumentException e) {
      throw new EntryException(e.getMessage());
    }
  }

  private static Descriptor descriptor(JsonNode node, String where) throws EntryException {
    if (node == null
        || !node.isObject()
        || !node.path("mediaType").isTextual()
        || !node.path("size").canConvertToExactIntegral()
        || node.path("size").asLong() < 0) {
      throw new EntryException(where + " is not a descriptor with media type, digest and size");
    }
    return new Descriptor(
        node.get("mediaType").asText(),
        Digest.parse(node.path("digest").asText(), where),
        node.get("size").asLong());
  }
}
