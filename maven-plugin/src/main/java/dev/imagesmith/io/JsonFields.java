package dev.imagesmith.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed fields of a JSON document read from outside (an image's manifest, index or config): each
 * accessor names the offending field and the document ({@code where}) in its error, and gives
 * {@code null} (or an empty collection) for a field that is missing or {@code null}. The writers
 * give maps sorted by key, so equal models give equal bytes.
 */
public final class JsonFields {
  private JsonFields() {}

  public static String text(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new UserInputException(where + ": field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  public static String requiredText(ObjectNode node, String field, String where) {
    String value = text(node, field, where);
    if (value == null || value.isEmpty()) {
      throw new UserInputException(where + ": required field '" + field + "' is missing");
    }
    return value;
  }

  public static ObjectNode object(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw new UserInputException(where + ": field '" + field + "' must be a JSON object");
    }
    return object;
  }

  public static ArrayNode array(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ArrayNode array)) {
      throw new UserInputException(where + ": field '" + field + "' must be a JSON array");
    }
    return array;
  }

  public static List<String> stringList(ObjectNode node, String field, String where) {
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

  public static Map<String, String> stringMap(ObjectNode node, String field, String where) {
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

  public static ObjectNode stringMapNode(Map<String, String> map) {
    ObjectNode object = JsonTrees.newObject();
    new TreeMap<>(map).forEach(object::put);
    return object;
  }

  public static ArrayNode stringArrayNode(List<String> values) {
    ArrayNode array = JsonTrees.newArray();
    values.forEach(array::add);
    return array;
  }
}
