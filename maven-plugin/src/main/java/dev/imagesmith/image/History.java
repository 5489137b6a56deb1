package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of an image config's {@code history}.
 *
 * @param created RFC 3339 time or {@code null}
 * @param createdBy the command that made the layer, or {@code null}
 * @param author may be {@code null}
 * @param comment may be {@code null}
 * @param emptyLayer whether this entry made no layer (ENV, LABEL...), so it has no diffID
 */
public record History(
    String created, String createdBy, String author, String comment, boolean emptyLayer) {

  /** An entry for a step that produced a layer. */
  public static History layer(String created, String createdBy) {
    return new History(created, createdBy, null, null, false);
  }

  /** An entry for a step that only changed the config. */
  public static History emptyLayer(String created, String createdBy) {
    return new History(created, createdBy, null, null, true);
  }

  /** The entry as an image config's {@code history} holds it. */
  static History fromJson(JsonNode entry) {
    return new History(
        entry.path("created").textValue(),
        entry.path("created_by").textValue(),
        entry.path("author").textValue(),
        entry.path("comment").textValue(),
        entry.path("empty_layer").asBoolean(false));
  }

  /** Appends this entry to a config's {@code history}, writing only the fields that are set. */
  void appendTo(ArrayNode entries) {
    ObjectNode entry = entries.addObject();
    putIfPresent(entry, "created", created);
    putIfPresent(entry, "created_by", createdBy);
    putIfPresent(entry, "author", author);
    putIfPresent(entry, "comment", comment);
    if (emptyLayer) {
      entry.put("empty_layer", true);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
