package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;

/** Descriptor and platform to and from JSON, validating every digest (security-cases.md N12). */
final class DescriptorJson {
  private DescriptorJson() {}

  static Descriptor parse(JsonNode node, String where) {
    if (!(node instanceof ObjectNode object)) {
      throw new UserInputException(where + ": a descriptor must be a JSON object");
    }
    String mediaType = JsonFields.requiredText(object, "mediaType", where);
    Digest digest = Digest.parse(JsonFields.text(object, "digest", where), where + " digest");
    JsonNode size = object.get("size");
    if (size == null || !size.canConvertToExactIntegral() || !size.canConvertToLong()) {
      throw new UserInputException(where + ": 'size' must be an integer");
    }
    long bytes = size.longValue();
    if (bytes < 0) {
      throw new UserInputException(where + ": 'size' must not be negative, got " + bytes);
    }
    return new Descriptor(
        mediaType, digest, bytes, JsonFields.stringMap(object, "annotations", where));
  }

  static Platform parsePlatform(ObjectNode descriptor, String where) {
    ObjectNode platform = JsonFields.object(descriptor, "platform", where);
    if (platform == null) {
      return null;
    }
    return new Platform(
        JsonFields.requiredText(platform, "os", where + " platform"),
        JsonFields.requiredText(platform, "architecture", where + " platform"),
        JsonFields.text(platform, "variant", where + " platform"));
  }

  static ObjectNode toNode(Descriptor descriptor) {
    ObjectNode node = JsonTrees.newObject();
    node.put("mediaType", descriptor.mediaType());
    node.put("digest", descriptor.digest().toString());
    node.put("size", descriptor.size());
    if (!descriptor.annotations().isEmpty()) {
      node.set("annotations", JsonFields.stringMapNode(descriptor.annotations()));
    }
    return node;
  }

  static ObjectNode toNode(IndexEntry entry) {
    ObjectNode node = toNode(entry.descriptor());
    if (entry.artifactType() != null) {
      node.put("artifactType", entry.artifactType());
    }
    if (entry.platform() != null) {
      ObjectNode platform = node.putObject("platform");
      platform.put("architecture", entry.platform().architecture());
      platform.put("os", entry.platform().os());
      if (!entry.platform().variant().isEmpty()) {
        platform.put("variant", entry.platform().variant());
      }
    }
    return node;
  }
}
