package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.util.Set;

/**
 * What a manifest digest can name: an image {@link Manifest} or an {@link ImageIndex}. Parsing
 * decides which one without guessing (security-cases.md N13): a document holding both {@code
 * manifests} and {@code layers}/{@code config} is rejected, so is schema 1, and a body {@code
 * mediaType} must agree with the descriptor that pointed at it.
 */
public sealed interface ImageDocument permits Manifest, ImageIndex {
  /** The most a manifest, an index or a config may hold: the cap containers/image uses. */
  int MAX_BYTES = 4 * 1024 * 1024;

  Set<String> MANIFEST_TYPES = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
  Set<String> INDEX_TYPES = Set.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);

  String mediaType();

  /** Canonical JSON bytes of this document. */
  byte[] toJson();

  /**
   * Parses a manifest or index.
   *
   * @param where names the document in errors (image and digest or file)
   */
  static ImageDocument parse(byte[] json, String where) {
    return parse(json, null, where);
  }

  /**
   * Parses a manifest or index that a descriptor of media type {@code expectedMediaType} pointed at
   * (may be {@code null} when unknown); the two must agree.
   */
  static ImageDocument parse(byte[] json, String expectedMediaType, String where) {
    ObjectNode root = JsonTrees.parseObject(json, ImageDocument.MAX_BYTES, where);
    String mediaType = JsonFields.text(root, "mediaType", where);
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion != null && schemaVersion.isIntegralNumber() && schemaVersion.intValue() == 1
        || mediaType != null
            && mediaType.startsWith("application/vnd.docker.distribution.manifest.v1")) {
      throw new UserInputException(
          where
              + ": Docker schema 1 manifests are not supported (deprecated since 2017); convert"
              + " the image with 'skopeo copy --format v2s2' or push it again with a current"
              + " Docker");
    }
    if (schemaVersion == null
        || !schemaVersion.isIntegralNumber()
        || schemaVersion.intValue() != 2) {
      throw new UserInputException(where + ": 'schemaVersion' must be 2");
    }
    boolean hasManifests = root.has("manifests");
    boolean hasImageParts = root.has("layers") || root.has("config");
    if (hasManifests && hasImageParts) {
      throw new UserInputException(
          where
              + ": ambiguous document holds both 'manifests' and 'layers'/'config', so it could be"
              + " read as an index or as a manifest; refusing it (CVE-2021-41190)");
    }
    boolean isIndex;
    if (mediaType == null) {
      if (!hasManifests && !hasImageParts) {
        throw new UserInputException(
            where + ": neither an image manifest nor an index (no mediaType, no manifests/layers)");
      }
      isIndex = hasManifests;
    } else if (INDEX_TYPES.contains(mediaType)) {
      isIndex = true;
    } else if (MANIFEST_TYPES.contains(mediaType)) {
      isIndex = false;
    } else {
      throw new UserInputException(
          where
              + ": unsupported media type "
              + Excerpt.name(mediaType)
              + "; expected an OCI or Docker v2 image manifest or index");
    }
    if (isIndex && hasImageParts || !isIndex && hasManifests) {
      throw new UserInputException(
          where
              + ": mediaType "
              + Excerpt.name(mediaType)
              + " does not match the document's fields");
    }
    if (expectedMediaType != null) {
      boolean expectIndex = INDEX_TYPES.contains(expectedMediaType);
      boolean agrees =
          mediaType != null
              ? mediaType.equals(expectedMediaType)
              : expectIndex == isIndex
                  && (expectIndex || MANIFEST_TYPES.contains(expectedMediaType));
      if (!agrees) {
        throw new UserInputException(
            where
                + ": the descriptor says media type "
                + Excerpt.name(expectedMediaType)
                + " but the document is "
                + (mediaType == null
                    ? (isIndex ? "an index" : "a manifest")
                    : Excerpt.name(mediaType)));
      }
    }
    return isIndex
        ? ImageIndex.fromNode(root, mediaType, where)
        : Manifest.fromNode(root, mediaType, where);
  }
}
