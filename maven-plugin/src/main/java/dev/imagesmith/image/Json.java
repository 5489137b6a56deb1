package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.InvalidJsonException;
import dev.imagesmith.io.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON reader and writer of the image model. Reading is hardened against hostile documents
 * (security-cases.md R11): the caller's byte cap is checked before parsing, nesting depth and
 * string sizes are bounded, and duplicate keys are rejected (two {@code mediaType} keys are
 * ambiguity an attacker can use to make two parsers disagree). Writing is canonical: object keys
 * sorted at every level, no whitespace, so equal models give equal bytes and equal digests.
 */
final class Json {
  /** Manifests, indexes and configs: the cap containers/image uses. */
  static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  private Json() {}

  /**
   * Parses a JSON object of at most {@code maxBytes} bytes.
   *
   * @param where names the document in errors (file, archive entry, image and digest)
   */
  static ObjectNode parseObject(byte[] json, int maxBytes, String where) {
    if (!(parse(json, maxBytes, where) instanceof ObjectNode object)) {
      throw new UserInputException(where + ": expected a JSON object");
    }
    return object;
  }

  /** Parses any JSON value of at most {@code maxBytes} bytes. */
  static JsonNode parse(byte[] json, int maxBytes, String where) {
    if (json.length > maxBytes) {
      throw new UserInputException(
          where
              + ": JSON document of "
              + json.length
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes; it is not a valid image document");
    }
    try {
      return JsonTrees.parse(json);
    } catch (InvalidJsonException e) {
      // An image document is no secret, and its files were checked to be regular files of the
      // input: a short escaped excerpt helps to find the error.
      throw new UserInputException(where + ": " + e.getMessage() + ", near " + e.excerpt(), e);
    }
  }

  static ObjectNode newObject() {
    return JsonTrees.newObject();
  }

  static ArrayNode newArray() {
    return JsonTrees.newArray();
  }

  /** Canonical bytes: keys sorted at every level, compact, UTF-8. */
  static byte[] canonicalBytes(JsonNode node) {
    return JsonTrees.compact(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      object.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = JsonTrees.newObject();
      fields.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonTrees.newArray();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  // ---- small typed accessors that name the offending field in errors ----

  static String text(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new UserInputException(where + ": field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  static String requiredText(ObjectNode node, String field, String where) {
    String value = text(node, field, where);
    if (value == null || value.isEmpty()) {
      throw new UserInputException(where + ": required field '" + field + "' is missing");
    }
    return value;
  }

  static ObjectNode object(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw new UserInputException(where + ": field '" + field + "' must be a JSON object");
    }
    return object;
  }

  static ArrayNode array(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ArrayNode array)) {
      throw new UserInputException(where + ": field '" + field + "' must be a JSON array");
    }
    return array;
  }

  static List<String> stringList(ObjectNode node, String field, String where) {
    ArrayNode array = array(node, field, where);
    List<String> result = new ArrayList<>();
    if (array == null) {
      return result;
    }
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new UserInputException(where + ": field '" + field + "' must hold strings only");
      }
      result.add(element.textValue());
    }
    return result;
  }

  static Map<String, String> stringMap(ObjectNode node, String field, String where) {
    ObjectNode object = object(node, field, where);
    Map<String, String> result = new TreeMap<>();
    if (object == null) {
      return result;
    }
    object
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw new UserInputException(
                    where + ": " + Excerpt.name(field + "." + e.getKey()) + " must be a string");
              }
              result.put(e.getKey(), e.getValue().textValue());
            });
    return result;
  }

  static ObjectNode stringMapNode(Map<String, String> map) {
    ObjectNode object = JsonTrees.newObject();
    new TreeMap<>(map).forEach(object::put);
    return object;
  }

  static ArrayNode stringArrayNode(List<String> values) {
    ArrayNode array = JsonTrees.newArray();
    values.forEach(array::add);
    return array;
  }
}
