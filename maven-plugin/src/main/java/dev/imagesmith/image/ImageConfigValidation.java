package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.util.List;

/**
 * What a base image's config must be before {@link ImageConfig} takes it as its model: the fields
 * the build reads have their JSON types, the layer list is within limits and each diffID is a
 * digest.
 */
final class ImageConfigValidation {
  private ImageConfigValidation() {}

  /**
   * The parsed config's JSON tree: size cap, {@code os} and {@code architecture} present, every
   * diffID a valid digest (security-cases.md R11, N12).
   */
  static ObjectNode parse(byte[] json, String where) {
    ObjectNode root = JsonTrees.parseObject(json, ImageDocument.MAX_BYTES, where);
    JsonFields.requiredText(root, "architecture", where);
    JsonFields.requiredText(root, "os", where);
    JsonFields.text(root, "variant", where);
    JsonFields.text(root, "created", where);
    ObjectNode config = JsonFields.object(root, "config", where);
    if (config != null) {
      String cw = where + " config";
      JsonFields.stringList(config, "Env", cw);
      JsonFields.stringList(config, "Entrypoint", cw);
      JsonFields.stringList(config, "Cmd", cw);
      JsonFields.text(config, "User", cw);
      JsonFields.text(config, "WorkingDir", cw);
      JsonFields.stringMap(config, "Labels", cw);
      JsonFields.object(config, "ExposedPorts", cw);
    }
    ObjectNode rootfs = JsonFields.object(root, "rootfs", where);
    if (rootfs == null) {
      throw new UserInputException(where + ": required field 'rootfs' is missing");
    }
    String type = JsonFields.text(rootfs, "type", where + " rootfs");
    if (!"layers".equals(type)) {
      throw new UserInputException(
          where + ": rootfs.type must be 'layers', got " + Excerpt.name(type));
    }
    List<String> diffIds = JsonFields.stringList(rootfs, "diff_ids", where + " rootfs");
    if (diffIds.size() > Manifest.MAX_LAYERS) {
      throw new UserInputException(
          where + ": " + diffIds.size() + " diff_ids exceed the limit of " + Manifest.MAX_LAYERS);
    }
    for (int i = 0; i < diffIds.size(); i++) {
      Digest.parse(diffIds.get(i), where + " rootfs.diff_ids[" + i + "]");
    }
    ArrayNode history = JsonFields.array(root, "history", where);
    if (history != null) {
      for (JsonNode entry : history) {
        if (!entry.isObject()) {
          throw new UserInputException(where + ": history entries must be JSON objects");
        }
      }
    }
    return root;
  }
}
