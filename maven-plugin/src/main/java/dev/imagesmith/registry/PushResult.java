package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a push did: the references now pointing at {@code digest} and how each blob got there.
 *
 * @param uploaded blobs whose bytes were sent
 * @param mounted blobs linked from another repository of the same registry
 * @param present blobs the registry already had
 */
public record PushResult(
    List<String> references, Digest digest, int uploaded, int mounted, int present) {
  public PushResult {
    references = List.copyOf(references);
  }

  /** The content of {@code pushed.json}: references and digest, stable key order. */
  public byte[] toJson() {
    ObjectNode root = JsonTrees.newObject();
    root.put("digest", digest.toString());
    ArrayNode refs = root.putArray("references");
    references.forEach(refs::add);
    ArrayNode pinned = root.putArray("pinned");
    references.stream().map(r -> withoutTag(r) + "@" + digest).distinct().forEach(pinned::add);
    ObjectNode blobs = root.putObject("blobs");
    blobs.put("uploaded", uploaded);
    blobs.put("mounted", mounted);
    blobs.put("present", present);
    return (new String(JsonTrees.pretty(root), StandardCharsets.UTF_8) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String withoutTag(String reference) {
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    return colon > slash ? reference.substring(0, colon) : reference;
  }
}
