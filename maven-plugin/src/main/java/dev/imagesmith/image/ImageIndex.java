package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An image index (OCI index or Docker manifest list): manifests with their platforms. Also the
 * shape of an OCI layout's {@code index.json}.
 */
public record ImageIndex(
    String mediaType, List<IndexEntry> manifests, Map<String, String> annotations)
    implements ImageDocument {
  /** More entries than this is hostile or broken (security-cases.md R12). */
  public static final int MAX_ENTRIES = 1024;

  public ImageIndex {
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static ImageIndex of(List<IndexEntry> manifests, Map<String, String> annotations) {
    return new ImageIndex(MediaTypes.OCI_INDEX, manifests, annotations);
  }

  /** Parses an image index; a manifest or anything else is an error. */
  public static ImageIndex parse(byte[] json, String where) {
    if (ImageDocument.parse(json, where) instanceof ImageIndex index) {
      return index;
    }
    throw new UserInputException(where + ": expected an image index but found an image manifest");
  }

  static ImageIndex fromNode(ObjectNode root, String mediaType, String where) {
    ArrayNode nodes = JsonFields.array(root, "manifests", where);
    if (nodes == null) {
      throw new UserInputException(where + ": required field 'manifests' is missing");
    }
    if (nodes.size() > MAX_ENTRIES) {
      throw new UserInputException(
          where + ": " + nodes.size() + " manifests exceed the limit of " + MAX_ENTRIES);
    }
    List<IndexEntry> entries = new ArrayList<>();
    for (JsonNode node : nodes) {
      String entryWhere = where + " manifests[" + entries.size() + "]";
      Descriptor descriptor = DescriptorJson.parse(node, entryWhere);
      entries.add(
          new IndexEntry(
              descriptor,
              DescriptorJson.parsePlatform((ObjectNode) node, entryWhere),
              JsonFields.text((ObjectNode) node, "artifactType", entryWhere)));
    }
    return new ImageIndex(
        mediaType == null ? MediaTypes.OCI_INDEX : mediaType,
        entries,
        JsonFields.stringMap(root, "annotations", where));
  }

  @Override
  public byte[] toJson() {
    ObjectNode root = JsonTrees.newObject();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ArrayNode nodes = root.putArray("manifests");
    manifests.forEach(entry -> nodes.add(DescriptorJson.toNode(entry)));
    if (!annotations.isEmpty()) {
      root.set("annotations", JsonFields.stringMapNode(annotations));
    }
    return JsonTrees.canonical(root);
  }

  /**
   * The entry for {@code wanted}: the first image entry whose platform matches (index order decides
   * between equal matches, so the choice is deterministic).
   *
   * @param imageName names the image in the error
   * @throws UserInputException when no entry matches, listing the platforms the index offers
   */
  public IndexEntry select(Platform wanted, String imageName) {
    for (IndexEntry entry : manifests) {
      if (entry.platform() != null && wanted.matches(entry.platform())) {
        return entry;
      }
    }
    String available =
        manifests.stream()
            .map(e -> e.platform() == null ? "(no platform)" : e.platform().toString())
            .filter(p -> !p.equals("unknown/unknown"))
            .distinct()
            .collect(Collectors.joining(", "));
    throw new UserInputException(
        imageName
            + " has no image for platform "
            + wanted
            + "; it offers: "
            + (available.isEmpty() ? "nothing" : available)
            + ". Set the platform to one of these or choose another base image");
  }
}
